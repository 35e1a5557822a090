/**
 * A pipeline plan as text for people (stages, runOrder groups, artifact and variable arrows) or as
 * JSON for tools. Pure: colour is applied through the painter the CLI passes in.
 */
import type { ActionRef, PipelinePlan, PlannedAction, PlannedGroup, PlannedStage } from './pipeline-plan.js';

export type Painter = (text: string, style: 'bold' | 'gray' | 'yellow' | 'green' | 'red') => string;

const plain: Painter = (t) => t;

const ref = (r: ActionRef) => `${r.stage}.${r.action}`;

function groupTitle(g: PlannedGroup): string {
  return g.parallel ? `runOrder ${g.runOrder} (${g.actions.length} actions in parallel)` : `runOrder ${g.runOrder}`;
}

/** What runs locally; a skipped action says it is skipped instead (issue 11). */
export function localLine(a: PlannedAction, paint: Painter): string {
  if (a.skipped) {
    const from = Object.entries(a.skipped.artifactDirs).map(([n, d]) => `${n} from ${d}`);
    return paint(`skipped (--skip): not run; outputs ${from.length > 0 ? from.join(', ') : 'empty'}`, 'yellow');
  }
  return a.emulated ? a.local : paint(a.local, 'red');
}

/** The stage heading, saying when `--until` leaves it out. */
export function stageTitle(stage: PlannedStage, until: string | undefined, paint: Painter): string {
  const title = `stage ${stage.index + 1}  ${paint(stage.name, 'bold')}`;
  return stage.notStarted ? `${title}  ${paint(`not started (after --until ${until ?? '?'})`, 'gray')}` : title;
}

function actionLines(a: PlannedAction, paint: Painter): string[] {
  const out = [`    ${paint(a.name, 'bold')}  ${paint(a.actionType, 'gray')}`, `        ${localLine(a, paint)}`];
  for (const i of a.inputs)
    out.push(`        in   ${i.name} ← ${i.producer ? ref(i.producer) : paint('(no producer)', 'red')}`);
  for (const o of a.outputs) {
    const to = o.consumers.length > 0 ? o.consumers.map(ref).join(', ') : paint('(not used)', 'gray');
    out.push(`        out  ${o.name} → ${to}${o.files ? `  files: ${o.files.join(', ')}` : ''}`);
  }
  for (const v of a.variableReferences) {
    const from =
      v.from === 'action' && v.producer
        ? ref(v.producer)
        : v.from === 'pipeline'
          ? `pipeline variable${v.value !== undefined ? ` = ${JSON.stringify(v.value)}` : paint(' (no value)', 'red')}`
          : v.from === 'execution'
            ? 'the execution'
            : paint('unresolvable: the action will fail', 'red');
    out.push(`        uses ${v.text} ← ${from}  ${paint(`(${v.field})`, 'gray')}`);
  }
  if (a.namespace) {
    const vars =
      a.providesVariables === 'dynamic' ? 'variables set at run time' : a.providesVariables.join(', ') || 'none';
    out.push(`        sets #{${a.namespace}.*}: ${vars}`);
  }
  out.push(...accessLines(a, paint));
  if (a.project) {
    const where = a.project.defined
      ? `defined in ${a.project.definedIn ?? '?'}`
      : a.project.missing
        ? paint('not found: the action fails', 'red')
        : paint('defined nowhere: defaults', 'yellow');
    out.push(
      `        project ${a.project.name} (${where}; image ${a.project.image}${a.project.privilegedMode ? ', privileged' : ''})`,
    );
    for (const v of a.project.unknownVariables ?? []) {
      const why = "the build refuses to start unless the action's EnvironmentVariables give it";
      out.push(`        ${paint(`variable ${v.name} = ${v.shown}: ${why}`, 'yellow')}`);
    }
  }
  return out;
}

/** The account an action runs in and what it needs of the artifact store (docs/accounts.md). */
function accessLines(a: PlannedAction, paint: Painter): string[] {
  const x = a.access;
  if (!x) return [];
  const out = [`        runs as ${x.roleArn} (account ${x.account}${x.crossAccount ? ', cross-account' : ''})`];
  if (x.crossAccount) for (const p of x.permissions) out.push(`        needs ${p}`);
  if (x.refused) out.push(`        ${paint(`refused: ${x.refused.reason}; fix: ${x.refused.fix}`, 'red')}`);
  for (const u of x.crossAccount ? x.unchecked : []) out.push(`        ${paint(`not checked: ${u}`, 'gray')}`);
  return out;
}

export function renderPlanText(plan: PipelinePlan, paint: Painter = plain): string {
  const lines = [
    `${paint(`pipeline ${plan.pipelineName}`, 'bold')}  (${plan.pipelineType}, ${plan.executionMode})  ${plan.file}`,
  ];
  if (plan.variables.length > 0) {
    const vars = plan.variables.map((v) =>
      v.source === 'missing'
        ? paint(`${v.name}=? (missing)`, 'red')
        : `${v.name}=${JSON.stringify(v.value)} (${v.source})`,
    );
    lines.push(`variables: ${vars.join(', ')}`);
  }
  for (const stage of plan.stages) {
    lines.push('', stageTitle(stage, plan.until, paint));
    for (const g of stage.groups) {
      lines.push(`  ${groupTitle(g)}`);
      for (const a of g.actions) lines.push(...actionLines(a, paint));
    }
  }
  if (plan.warnings.length > 0) {
    lines.push('', paint('warnings:', 'yellow'));
    for (const w of plan.warnings) lines.push(`  ${w}`);
  }
  return lines.join('\n') + '\n';
}

/** The plan as tools see it: without the declarations it carries for the engine. */
export function planJson(plan: PipelinePlan): unknown {
  return JSON.parse(JSON.stringify(plan, (key, value: unknown) => (ENGINE_ONLY.has(key) ? undefined : value)));
}

const ENGINE_ONLY = new Set(['definition', 'declaration', 'policies']);

export function renderPlanJson(plan: PipelinePlan): string {
  return JSON.stringify(planJson(plan), null, 2) + '\n';
}
