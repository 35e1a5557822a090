/**
 * Public API: `runBuild` and `planBuild`. Typed options → workspace → build engine → result; the
 * CLI's `build` command and tests call these (the pipeline's builds call the engine directly).
 */
import { InputError } from '../errors.js';
import type { ContainerRuntime } from '../runtime/index.js';
import type { BuildPlan } from '../plan/index.js';
import {
  planPreparedBuild,
  prepareBuild,
  runPreparedBuild,
  type Build,
  type BuildOptions,
  type ReuseTarget,
} from '../engine/codebuild/index.js';
import {
  BuildSessions,
  isLive,
  openHistory,
  openWorkspace,
  type StateDir,
  type Workspace,
} from '../workspace/index.js';
import { debugHooks, recordBuildEnd, type DebugRunOptions } from './build-debug.js';
import { withRuntime } from './runtime-session.js';
import { noticeLine, openEventsRecorder } from './events-recorder.js';

/** Typed options (src/cli/ parses command-line strings into these). */
export interface RunBuildOptions extends BuildOptions, DebugRunOptions {
  /** The project root whose codelocal.yml, stubs and state folder apply (default: found from sourceDir). */
  projectRoot?: string;
  /**
   * Give the build the local AWS stand-ins (ECR registry, STS, SSM, Secrets Manager, S3 through
   * AWS_ENDPOINT_URL; docs/local-aws.md), as pipeline builds always get them.
   */
  localAws?: boolean;
  /** `--stubs` files, after codelocal.yml's. */
  stubFiles?: string[];
  /** Local Parameter Store values by name (`--parameter`). */
  parameters?: Record<string, string>;
  /** Local Secrets Manager values by secret id (`--secret`). */
  secrets?: Record<string, string>;
  stateDir?: string;
  /** Run in the kept container of this build (`--reuse BUILD_ID`, id or unique prefix). */
  reuse?: string;
  /** A runtime to use (tests); otherwise one is created and cleaned up. */
  runtime?: ContainerRuntime;
}

function workspaceFor(options: RunBuildOptions): Workspace {
  return openWorkspace({
    cwd: options.sourceDir,
    projectRoot: options.projectRoot,
    stateDir: options.stateDir,
    stubFiles: options.stubFiles,
    parameters: options.parameters,
    secrets: options.secrets,
  });
}

/** What the build will do, without Docker (`codelocal build --dry-run`). */
export async function planBuild(options: RunBuildOptions): Promise<BuildPlan> {
  return planPreparedBuild(prepareBuild(workspaceFor(options), options));
}

/** Runs a build; resolves with the Build result whatever its status. Throws only for bad input or environment. */
export async function runBuild(options: RunBuildOptions): Promise<Build> {
  const ws = workspaceFor(options);
  const keep = Boolean(options.keep || options.reuse);
  // A signal or a closed stdout aborts the build (STOPPED, as StopBuild does) before the session cleans up.
  const stop = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
  const p = prepareBuild(ws, { ...options, keep, signal });
  ws.state.ensure();
  p.request.reuse ??= options.reuse ? reuseTarget(ws.state, options.reuse) : undefined;
  p.request.debug ??= debugHooks(ws.state, { ...options, keep });
  return withRuntime(
    options.runtime,
    async (runtime) => {
      // The stand-ins are loaded only when asked for: a plain build does not pay for them.
      const localAws = options.localAws
        ? (await import('./local-aws-for.js')).localAwsFor(ws, async () => runtime)
        : undefined;
      const store = openHistory(ws);
      // Build state changes go to the events log and codelocal.yml targets (docs/events.md).
      const events = openEventsRecorder(ws, { onNotice: noticeLine(options.notice) });
      try {
        const afterBuild = (b: Build) => recordBuildEnd(ws.state, b.id, b.buildStatus, keep, options.notice);
        // What the API hands out is masked like result.json and the history: `--json` prints this.
        const hooks = events.withBuildHooks({ afterBuild });
        return ws.masker.maskDeep(await runPreparedBuild({ workspace: ws, runtime, store, localAws, ...hooks }, p));
      } finally {
        store.close();
        await localAws?.close();
        await events.flush();
      }
      // The state folder labels every container of the build, so `clean` finds only its own.
    },
    { onStop: () => stop.abort(), stateDir: ws.state.root },
  );
}

/** The kept container a `--reuse` build runs in; refused while another process drives it. */
function reuseTarget(state: StateDir, ref: string): ReuseTarget {
  const s = new BuildSessions(state).find(ref);
  if (!s)
    throw new InputError('BUILD_NOT_FOUND', `no build "${ref}" in ${state.root}`, {
      details: ['run the build with --keep first; `codelocal clean --dry-run` lists kept builds'],
    });
  if (!s.keep)
    throw new InputError('BUILD_NOT_KEPT', `build ${s.buildId} was not kept: its container is gone`, {
      details: ['run it with --keep to reuse its container'],
    });
  if (s.state !== 'finished' && isLive(s))
    throw new InputError('REUSE_BUSY', `build ${s.buildId} is still running (pid ${s.pid})`);
  return { containerId: s.containerId, nonce: s.nonce, srcRoot: s.srcRoot, image: s.image };
}
