/**
 * INSTALL → POST_BUILD, then UPLOAD_ARTIFACTS, following CodeBuild's transitions (docs/aws/codebuild.md §2.4,
 * src/plan/phase-transitions.ts): each phase's outcome picks the next step; a failure flips
 * CODEBUILD_BUILD_SUCCEEDING, and exported variables are captured after the last phase that ran.
 */
import { PHASE_TYPES, type PhaseName } from '../../model/index.js';
import { nextStep, stepAfter, type BuildStep } from '../../plan/index.js';
import { endPhase, type BuildRun } from './build-run.js';
import type { MergedEnvironment } from './environment.js';
import { failureHint } from './failure-hints.js';
import { failureLines } from './failure-lines.js';
import { runPhase, type PhaseOutcome, type PhaseScripts } from './phase-runner.js';
import { parseVariablesOutput } from './script-table.js';

/** Runs the buildspec's phases from INSTALL (after a good DOWNLOAD_SOURCE) until FINALIZING or a stop. */
export async function runPhases(run: BuildRun): Promise<void> {
  let step: BuildStep = run.downloadError ? 'finalizing' : 'install';
  while (step !== 'finalizing' && !run.stopReason) {
    if (step === 'upload_artifacts') {
      await uploadArtifacts(run);
      return;
    }
    const next = await runBuildspecPhase(run, step);
    if (!next) return;
    step = next;
  }
}

/** One phase (or its skip); returns the next step, or undefined when the build was stopped meanwhile. */
async function runBuildspecPhase(run: BuildRun, phaseName: PhaseName): Promise<BuildStep | undefined> {
  const { log, record } = run;
  const phaseType = PHASE_TYPES[phaseName];
  if (run.selected && !run.selected.has(phaseName)) {
    log.container(`Skipping phase ${phaseType}: not selected (--phase/--from-phase)`);
    if (phaseName === 'post_build') await captureExported(run);
    return stepAfter(phaseName);
  }
  run.currentPhase = phaseType;
  const scripts = phaseScripts(run, phaseName);
  record.begin(phaseType);
  log.container(`Entering phase ${phaseType}`);
  const outcome = await runPhase(scripts, run.buildspec.runAs, run.executor!);
  if (run.stopReason) return undefined;
  endPhase(run, phaseType, outcome.failed ? 'FAILED' : 'SUCCEEDED', outcome.context);
  if (outcome.failed) phaseFailed(run, phaseName, outcome);
  const next = nextStep(phaseName, outcome.failed, scripts.phase.onFailure);
  // Exported variables are frozen after the last phase that ran (docs/aws/codebuild.md §2.7).
  if (phaseName === 'post_build' || (outcome.failed && next === 'finalizing')) await captureExported(run);
  return next;
}

/** A phase the buildspec does not have runs as an empty one. */
function phaseScripts(run: BuildRun, phaseName: PhaseName): PhaseScripts {
  return (
    run.scripts.phases.get(phaseName) ?? {
      phase: { name: phaseName, pos: { file: run.buildspec.file, line: 1, column: 1 }, commands: [], finally: [] },
      commands: [],
      finally: [],
    }
  );
}

/** The first failure is the build's failure summary; CODEBUILD_BUILD_SUCCEEDING flips to 0 (docs/aws/codebuild.md §2.5). */
function phaseFailed(run: BuildRun, phaseName: PhaseName, outcome: PhaseOutcome): void {
  if (!run.anyFailed) {
    // The failing command's own output: not the finally output and [Container] lines after it.
    const out = outcome.output ?? '';
    run.failure = {
      phase: PHASE_TYPES[phaseName],
      command: outcome.failedCommand,
      exitCode: outcome.exitCode,
      lastLines: failureLines(out, run.deps.masker),
      hint: failureHint({
        context: outcome.context,
        exitCode: outcome.exitCode,
        output: out,
        image: run.input.requestedImage,
        localImage: run.input.localImage,
        privileged: run.privileged,
        awsEndpoint: run.merged.entries.has('AWS_ENDPOINT_URL'),
      }),
    };
  }
  run.anyFailed = true;
  run.session!.appendEnv("export CODEBUILD_BUILD_SUCCEEDING='0'");
}

/** UPLOAD_ARTIFACTS: artifact names evaluated in the build's shell, then the upload itself. */
async function uploadArtifacts(run: BuildRun): Promise<void> {
  run.record.begin('UPLOAD_ARTIFACTS');
  const names: Record<string, string> = {};
  for (const [id, entry] of run.scripts.names) names[id] = (await run.executor!.run(entry, undefined)).output;
  const upload = await run.deps.uploadArtifacts({
    container: run.container!,
    buildspec: run.buildspec,
    project: run.project,
    identity: run.identity,
    srcDir: run.layout.primary,
    names,
    log: (m) => run.log.container(m),
    request: run.request,
  });
  run.artifacts = { primary: upload.primary, secondary: upload.secondary, reports: upload.reports };
  endPhase(run, 'UPLOAD_ARTIFACTS', upload.error ? 'FAILED' : 'SUCCEEDED', upload.error);
  if (upload.error) {
    run.anyFailed = true;
    run.failure ??= { phase: 'UPLOAD_ARTIFACTS', lastLines: [upload.error.message] };
  }
}

async function captureExported(run: BuildRun): Promise<void> {
  const script = run.scripts.exportScript;
  if (!script) return;
  const out = (await run.executor!.run(script, undefined)).output;
  run.exported = exportedValues(out, run.buildspec.env.exportedVariables, run.merged);
}

function exportedValues(out: string, names: string[], merged: MergedEnvironment): { name: string; value: string }[] {
  const values = parseVariablesOutput(out);
  const result: { name: string; value: string }[] = [];
  for (const name of names) {
    // Never exportable: AWS_* names, and parameter-store/secrets-manager values of the project (§1.5).
    if (name.startsWith('AWS_')) continue;
    const entry = merged.entries.get(name);
    if (entry && entry.source === 'project' && entry.type !== 'PLAINTEXT') continue;
    const v = values.get(name);
    if (v !== undefined) result.push({ name, value: v });
  }
  return result;
}
