/**
 * The DOWNLOAD_SOURCE phase as CodeBuild's agent logs it (docs/aws/codebuild.md §2.1): sources in place,
 * variables processed, runtime versions installed, cache restored. Its failure (a secret that did
 * not resolve, a bad runtime selection, a failing runtime command) ends the build: no later phase runs.
 */
import { PHASE_TYPES } from '../../model/index.js';
import { INLINE_BUILDSPEC } from './build-container.js';
import { endPhase, type BuildRun } from './build-run.js';
import { failureHint } from './failure-hints.js';
import { failureLines } from './failure-lines.js';
import type { ScriptEntry } from './script-table.js';

export async function downloadSource(run: BuildRun): Promise<void> {
  run.record.begin('DOWNLOAD_SOURCE');
  logDownloadStart(run);
  if (run.scripts.refreshEnv) await run.executor!.run(run.scripts.refreshEnv, undefined);
  if (!run.downloadError) await installRuntimes(run);
  if (!run.downloadError) await restoreCache(run);
  endPhase(run, 'DOWNLOAD_SOURCE', run.downloadError ? 'FAILED' : 'SUCCEEDED', run.downloadError);
  if (run.downloadError) recordDownloadFailure(run);
}

function logDownloadStart(run: BuildRun): void {
  const { log, layout, input, buildspec } = run;
  log.container('Waiting for DOWNLOAD_SOURCE');
  log.container('Phase is DOWNLOAD_SOURCE');
  log.container(`CODEBUILD_SRC_DIR=${layout.primary}`);
  for (const s of layout.secondary) log.container(`CODEBUILD_SRC_DIR_${s.identifier}=${s.dir}`);
  log.container(
    `YAML location is ${input.inlineBuildspecText !== undefined ? INLINE_BUILDSPEC : input.buildspecContainerPath(layout.primary)}`,
  );
  const install = buildspec.phases.find((p) => p.name === 'install');
  if (install && install.commands.length === 0) log.container('No commands found for phase name: install');
  log.container('Processing environment variables');
  if (run.hasSecretVars) log.container('Decrypting parameter store environment variables');
  for (const w of run.warnings) if (w.startsWith('Skipping install of runtimes')) log.container(w);
}

/** The selected runtimes' commands, until the first that fails. */
async function installRuntimes(run: BuildRun): Promise<void> {
  const executor = run.executor!;
  for (const { selection, entries } of run.scripts.runtimes) {
    run.log.container(
      `Selecting '${selection.runtime}' runtime version '${selection.requested}' based on manual selections...`,
    );
    for (const entry of entries) {
      run.log.container(`Running command ${entry.text}`);
      const { status, output } = await executor.run(entry, undefined);
      if (status !== 0) {
        run.downloadError = {
          statusCode: 'COMMAND_EXECUTION_ERROR',
          message: `Error while executing command: ${entry.text}. Reason: exit status ${status}`,
        };
        run.runtimeFailure = { command: entry.text, exitCode: status, output };
        await executor.commandFailed?.(entry, status, output, undefined);
        return;
      }
    }
  }
}

async function restoreCache(run: BuildRun): Promise<void> {
  const { log, layout, buildspec, scripts } = run;
  log.container(`Moving to directory ${layout.primary}`);
  if (scripts.cacheKey && !(await evaluateCacheKey(run, scripts.cacheKey))) return;
  await run.deps.restoreCache({
    container: run.container!,
    buildspec,
    project: run.project,
    srcDir: layout.primary,
    key: run.cacheKey,
    log: (m) => log.container(m),
  });
  log.container('Registering with agent');
  log.container(`Phases found in YAML: ${buildspec.phases.length}`);
  for (const p of buildspec.phases) log.container(` ${PHASE_TYPES[p.name]}: ${p.commands.length} commands`);
}

/**
 * `cache.key` through the shell. A failing command in it (a missing `codebuild-hash-files` input) fails
 * DOWNLOAD_SOURCE rather than caching under a key made of an error message (docs/fidelity.md: AWS's
 * behaviour here is undocumented; the status line follows §1.11's "Unable to initialize cache download").
 */
async function evaluateCacheKey(run: BuildRun, script: ScriptEntry): Promise<boolean> {
  const { status, output } = await run.executor!.run(script, undefined);
  if (status === 0) {
    run.cacheKey = output;
    return true;
  }
  const key = run.buildspec.cache?.key ?? '';
  run.downloadError = {
    statusCode: 'CLIENT_ERROR',
    message: `Unable to initialize cache download: evaluating cache key '${key}' failed: exit status ${status}`,
  };
  run.runtimeFailure = { command: key, exitCode: status, output };
  return false;
}

function recordDownloadFailure(run: BuildRun): void {
  const failed = run.runtimeFailure;
  const out = failed?.output ?? '';
  run.status = 'FAILED';
  run.anyFailed = true;
  run.failure = {
    phase: 'DOWNLOAD_SOURCE',
    command: failed?.command,
    exitCode: failed?.exitCode,
    hint: failureHint({
      context: run.downloadError!,
      exitCode: failed?.exitCode,
      output: out,
      image: run.input.requestedImage,
      localImage: run.input.localImage,
      privileged: run.privileged,
    }),
    lastLines: failed ? failureLines(out, run.deps.masker) : [run.downloadError!.message],
  };
}
