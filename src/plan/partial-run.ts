/**
 * `pipeline run --skip Stage.Action` and `--until STAGE`: the part of a pipeline that can run locally
 * (issue 11). CodePipeline has no such thing, so the plan carries it, and the plan view, the dry run
 * and the engine all read it from there: a skipped action is recorded as Succeeded with a summary
 * saying codelocal skipped it (its outputs empty, or the folders given with `--artifact NAME=DIR`); the
 * stages after `--until` are not started and the execution ends Succeeded with a summary saying so.
 * Pure: the folders given with `--artifact` are checked by the caller.
 */
import { InputError } from '../errors.js';

export interface PartialRunOptions {
  /** `Stage.Action` names to skip. */
  skip?: string[];
  /** The last stage to run. */
  until?: string;
  /** `--artifact NAME=DIR`: what a skipped action's output artifact holds (default: nothing). */
  artifactDirs?: Record<string, string>;
}

/** What the engine does instead of running a skipped action. */
export interface SkippedAction {
  /** The action execution's summary. */
  summary: string;
  /** Output artifact name → folder whose content it holds; absent names are empty. */
  artifactDirs: Record<string, string>;
}

/** The part of a plan this reads and marks (structural: pipeline-plan.ts imports this file). */
interface PlanShape {
  pipelineName: string;
  until?: string;
  stages: {
    name: string;
    notStarted?: boolean;
    groups: { actions: { name: string; outputs: { name: string }[]; skipped?: SkippedAction }[] }[];
  }[];
}

/** The actions a run calls a provider for: skipped ones and the stages after --until are left out. */
export function actionsThatRun<A extends { skipped?: SkippedAction }>(plan: {
  stages: { notStarted?: boolean; groups: { actions: A[] }[] }[];
}): A[] {
  return plan.stages
    .filter((s) => !s.notStarted)
    .flatMap((s) => s.groups.flatMap((g) => g.actions.filter((a) => !a.skipped)));
}

export const SKIPPED_SUMMARY = 'skipped by codelocal (--skip): not run, outputs empty or from --artifact';

export function untilSummary(stage: string): string {
  return `ran up to stage ${stage} (--until ${stage}); the later stages were not started`;
}

function unknownAction(flag: string, plan: PlanShape): InputError {
  const names = plan.stages.flatMap((s) => s.groups.flatMap((g) => g.actions.map((a) => `${s.name}.${a.name}`)));
  return new InputError(
    'FLAG_INVALID',
    `--skip ${flag}: pipeline ${plan.pipelineName} has no action ${flag} (write it Stage.Action)`,
    {
      details: [`actions: ${names.join(', ')}`],
    },
  );
}

/** Marks the skipped actions and the stages after `until`; refuses names the pipeline does not have. */
export function applyPartialRun<P extends PlanShape>(plan: P, o: PartialRunOptions): P {
  const skip = new Set(o.skip ?? []);
  const dirs = o.artifactDirs ?? {};
  const found = new Set<string>();
  const skippedOutputs = new Set<string>();
  for (const stage of plan.stages) {
    for (const a of stage.groups.flatMap((g) => g.actions)) {
      const key = `${stage.name}.${a.name}`;
      if (!skip.has(key)) continue;
      found.add(key);
      const own = Object.fromEntries(
        a.outputs.filter((x) => dirs[x.name] !== undefined).map((x) => [x.name, dirs[x.name]!]),
      );
      for (const x of a.outputs) skippedOutputs.add(x.name);
      a.skipped = { summary: SKIPPED_SUMMARY, artifactDirs: own };
    }
  }
  for (const flag of skip) if (!found.has(flag)) throw unknownAction(flag, plan);
  for (const name of Object.keys(dirs)) {
    if (!skippedOutputs.has(name)) {
      throw new InputError(
        'FLAG_INVALID',
        `--artifact ${name}=...: no skipped action produces an output artifact named ${name}`,
        {
          details: [
            `outputs of skipped actions: ${[...skippedOutputs].join(', ') || '(none: add --skip Stage.Action)'}`,
          ],
        },
      );
    }
  }
  if (o.until !== undefined) {
    const at = plan.stages.findIndex((s) => s.name === o.until);
    if (at < 0) {
      throw new InputError(
        'FLAG_INVALID',
        `--until ${o.until}: pipeline ${plan.pipelineName} has no stage ${o.until}`,
        {
          details: [`stages: ${plan.stages.map((s) => s.name).join(', ')}`],
        },
      );
    }
    plan.until = o.until;
    for (const s of plan.stages.slice(at + 1)) s.notStarted = true;
  }
  return plan;
}
