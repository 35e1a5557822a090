/** Text rendering of `codelocal build --dry-run`. */
import type { BuildPlan } from '../../plan/index.js';

export function renderBuildPlan(plan: BuildPlan): string {
  const out: string[] = [];
  out.push(`Build plan for project ${plan.projectName}`);
  out.push(`  buildspec: ${plan.buildspec} (version ${plan.version})`);
  out.push(
    `  image:     ${plan.image.requested} -> ${plan.image.local}${plan.image.rule ? ` (${plan.image.rule})` : ''}`,
  );
  out.push(
    `  privileged: ${plan.privileged ? 'yes' : 'no'}; shell: ${plan.shell}; timeout: ${plan.timeoutInMinutes} min`,
  );
  out.push(`  source:    ${plan.source}${plan.bind ? ' (bind-mounted)' : ' (copied)'}`);
  if (plan.variables.length) {
    out.push('  variables (highest precedence wins: override > project > buildspec):');
    for (const v of plan.variables)
      out.push(`    ${v.name} = ${v.shown}   [${v.source}${v.type !== 'PLAINTEXT' ? `, ${v.type}` : ''}]`);
  }
  if (Object.keys(plan.runtimeVersions).length) {
    out.push(
      '  runtime-versions: ' +
        Object.entries(plan.runtimeVersions)
          .map(([k, v]) => `${k} ${v}`)
          .join(', '),
    );
  }
  for (const p of plan.phases) {
    out.push(
      `  ${p.phaseType}${p.onFailure ? ` (on-failure: ${p.onFailure})` : ''}${p.runAs ? ` (run-as: ${p.runAs})` : ''}`,
    );
    for (const c of p.commands) out.push(`    $ ${c.replace(/\n/g, '\n      ')}`);
    if (p.finally.length) {
      out.push('    finally:');
      for (const c of p.finally) out.push(`    $ ${c.replace(/\n/g, '\n      ')}`);
    }
  }
  if (plan.artifacts.length)
    out.push(
      '  artifacts: ' + plan.artifacts.map((a) => `${a.identifier ?? 'primary'} (${a.files.join(', ')})`).join('; '),
    );
  if (plan.cachePaths.length) out.push('  cache.paths: ' + plan.cachePaths.join(', '));
  if (plan.reports.length) out.push('  reports: ' + plan.reports.join(', '));
  for (const w of plan.warnings) out.push(`  warning: ${w}`);
  return out.join('\n') + '\n';
}
