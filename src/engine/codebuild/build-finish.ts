/**
 * How a build ends: an agent failure becomes FAULT (a stop or timeout kills the container, which
 * also ends the running command, and is reported as such instead), the status is settled, FINALIZING
 * saves the cache, and the clean-up releases timer, signal, agent and container whatever happened.
 */
import { StopAfterShell } from './debug-runner.js';
import type { BuildRun } from './build-run.js';

/** The main steps threw: a stop (debug shell, timeout, abort) or a fault of the agent or its container. */
export function agentFailed(run: BuildRun, e: unknown): void {
  if (e instanceof StopAfterShell) {
    run.failure ??= e.failure;
    run.stopReason = 'STOPPED';
  }
  // A killed container (timeout, stop) ends the running command with a closed stream.
  if (run.stopReason) return;
  const message = e instanceof Error ? e.message : String(e);
  run.log.container(`Phase complete: ${run.record.current} State: FAULT`);
  run.log.container(`Phase context status code: CLIENT_ERROR Message: ${message}`);
  run.record.end('FAULT', { statusCode: 'CLIENT_ERROR', message });
  run.failure ??= { phase: run.record.current, lastLines: [message] };
  run.anyFailed = true;
  run.fault = true;
}

/** The build's status; a stopped or timed-out build closes its running phase that way (docs/aws/codebuild.md §2.6). */
export function settleStatus(run: BuildRun): void {
  const reason = run.stopReason;
  if (!reason) {
    run.status = run.fault ? 'FAULT' : run.anyFailed ? 'FAILED' : 'SUCCEEDED';
    return;
  }
  const code = reason === 'TIMED_OUT' ? 'BUILD_TIMED_OUT' : 'BUILD_STOPPED';
  // UNCERTAIN (docs/aws/codebuild.md §2.6): the cloud's exact timeout text; ours is documented in docs/fidelity.md.
  const message = reason === 'TIMED_OUT' ? 'Build has timed out. ' : 'Build was stopped. ';
  run.log.container(`Phase complete: ${run.record.current} State: ${reason}`);
  run.log.container(`Phase context status code: ${code} Message: ${message}`);
  run.record.end(reason, { statusCode: code, message });
  run.status = reason;
}

/** FINALIZING opens; the cache is saved only after a build that ran to its end. */
export function beginFinalizing(run: BuildRun): void {
  run.record.begin('FINALIZING');
}

/** No stop, no fault, DOWNLOAD_SOURCE went well: the build's cache.paths are worth keeping. */
export function ranToEnd(run: BuildRun): boolean {
  return !run.stopReason && !run.fault && !run.downloadError;
}

/** A cache that cannot be saved is a warning, not a failure. */
export async function saveCache(run: BuildRun): Promise<void> {
  await run.deps
    .saveCache({
      container: run.container!,
      buildspec: run.buildspec,
      project: run.project,
      srcDir: run.layout.primary,
      key: run.cacheKey,
      log: (m) => run.log.container(m),
    })
    .catch((e: Error) => {
      run.warnings.push(`cache not saved: ${e.message}`);
    });
}

/** FINALIZING ends; COMPLETED is recorded. */
export function completeRecord(run: BuildRun): void {
  run.record.complete();
}

/** The Build result, assembled while the log is still open. */
export function assembleResult(run: BuildRun): void {
  run.result = run.deps.buildResult({
    identity: run.identity,
    request: run.request,
    project: run.project,
    buildspec: run.buildspec,
    input: run.input,
    record: run.record,
    status: run.status,
    exported: run.exported,
    artifacts: run.artifacts,
    env: run.merged,
    warnings: run.warnings,
    failure: run.failure,
    logPath: run.deps.logPath(run.identity),
  });
}

/** The clean-up, run however the build ended (even when provisioning threw). */
export async function releaseBuild(run: BuildRun): Promise<void> {
  run.deadline?.clear();
  if (run.onAbort) run.request.signal?.removeEventListener('abort', run.onAbort);
  // A kept container keeps its agent waiting for the next attach (--reuse); otherwise it quits.
  if (run.keep) run.session?.detach();
  else run.session?.quit();
  // A started container removes itself once the agent quits (AutoRemove, like `docker run --rm`):
  // waiting for that removal would add a tenth of a second to every build. A stopped or timed-out
  // build was killed; it is removed here, so the caller sees it gone when the result arrives.
  const container = run.container;
  if (container && !run.keep) {
    // The inner-Docker volume can only go once its container has: wait for that removal then.
    if (run.started && !run.stopReason && !run.dindVolume) container.forget();
    else await container.remove().catch(() => undefined);
  }
  if (run.dindVolume) await run.deps.runtime.volumes.remove(run.dindVolume).catch(() => undefined);
  await run.log.close();
}
