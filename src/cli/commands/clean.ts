/**
 * `codelocal clean [--dry-run] [--older-than DAYS] [--services] [--all-projects]`: removes this state
 * folder's kept containers, old build folders and (--services) its local AWS services; host-wide only
 * with --all-projects. The last line counts exactly what went (or, with --dry-run, would go).
 */
import type { Command } from 'commander';
import type { CleanOptions, CleanReport } from '../../api/index.js';
import { InputError } from '../../errors.js';
import { printJson } from '../output.js';
import { addOptions, fillOptions, setField, type CliOptionTable } from '../option-table.js';
import { jsonOption, stateDirOption } from './common-options.js';

type CleanCliOptions = CleanOptions & { json?: boolean };

function parseDays(text: string): number {
  const days = Number(text);
  if (!(days >= 0)) throw new InputError('FLAG_INVALID', `--older-than expects a number of days, got "${text}"`);
  return days;
}

export const CLEAN_OPTIONS: CliOptionTable<CleanCliOptions> = [
  { flags: '--dry-run', description: 'list what would be removed, remove nothing', fill: setField('dryRun') },
  {
    flags: '--older-than <days>',
    description: 'only what is older than this many days',
    fill: (out, raw: string | undefined) => {
      if (raw !== undefined) out.olderThanDays = parseDays(raw);
    },
  },
  {
    flags: '--all',
    description: "also other projects' kept build containers on this host (not only this state folder's)",
    fill: setField('all'),
  },
  {
    flags: '--services',
    description:
      "also this state folder's local AWS left between runs: its ECS service containers (task and proxy) and the task images its deploys pulled",
    fill: setField('services'),
  },
  {
    flags: '--all-projects',
    description:
      "host-wide: every project's kept build containers and (with --services) services, and the shared local ECR (codelocal-registry and its volume) and codelocal-aws network",
    fill: setField('allProjects'),
  },
  stateDirOption(),
  jsonOption('print the report as JSON'),
];

export function register(program: Command): void {
  const cmd = program
    .command('clean')
    .description(
      "Remove this state folder's kept build containers (--keep) with their anonymous volumes and old build folders; --services: its local AWS services; --all-projects: every project's, and the shared local ECR and network",
    );
  addOptions(cmd, CLEAN_OPTIONS)
    .addHelpText('after', '\nBuilds still running or paused, and named volumes (caches), are left alone.\n')
    .action(async (raw: Record<string, unknown>) => {
      const { json, ...options } = fillOptions<CleanCliOptions>(CLEAN_OPTIONS, raw, {});
      const { clean } = await import('../../api/clean.js');
      const report = await clean(options);
      if (json) return printJson(report);
      process.stdout.write(renderCleanReport(report));
    });
}

/** One line per resource, then the exact counts: only what went (or would go), refusals counted apart. */
export function renderCleanReport(report: CleanReport): string {
  const verb = report.dryRun ? 'would remove' : 'removed';
  const lines: string[] = [];
  for (const c of report.containers)
    lines.push(`${verb} container ${c.name}${c.buildId ? ` (build ${c.buildId})` : ''}`);
  for (const d of report.buildDirs) lines.push(`${verb} ${d}`);
  for (const s of report.services)
    lines.push(s.error ? `kept ${s.kind} ${s.name}: ${s.error}` : `${verb} ${s.kind} ${s.name}`);
  for (const i of report.images)
    lines.push(
      i.error
        ? `kept image ${i.ref}: ${i.error}`
        : `${verb} image ${i.ref} (pulled for ECS tasks${i.legacy ? ' by an older codelocal' : ''})`,
    );
  if (report.sharedLeft.length)
    lines.push(
      `left the shared ${report.sharedLeft.map((r) => `${r.kind} ${r.name}`).join(', ')} (every project uses them; --all-projects removes them)`,
    );
  const services = report.services.filter((s) => !s.error).length;
  const images = report.images.filter((i) => !i.error).length;
  const refused = report.services.length - services + (report.images.length - images);
  const counts = [`${report.containers.length} container(s)`, `${report.buildDirs.length} build folder(s)`];
  if (report.services.length || report.scope === 'all-projects') counts.push(`${services} service resource(s)`);
  if (report.images.length) counts.push(`${images} task image name(s)`);
  lines.push(`${verb} ${counts.join(', ')}${refused ? `; ${refused} could not be removed` : ''}`);
  return lines.map((l) => `${l}\n`).join('');
}
