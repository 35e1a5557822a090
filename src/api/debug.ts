/**
 * `attachBuild` and `resumeBuild`: reach a build from any terminal (docs/debugging.md). The build is
 * found through its record in the state folder (builds/<build>/session.json), or, when that folder
 * is not at hand (another project folder), through the `codelocal.build-id` label of its container.
 */
import { InputError } from '../errors.js';
import { RESUME_ARGV } from '../engine/codebuild/index.js';
import { type Container, type ContainerRuntime, LABEL_KEEP, LABEL_ROLE } from '../runtime/index.js';
import { BuildSessions, openWorkspace, type StateDir } from '../workspace/index.js';
import { openDebugShell, type ShellIO } from './debug-shell.js';
import { withRuntime } from './runtime-session.js';

const LABEL_BUILD_ID = 'codelocal.build-id';

export interface DebugTargetOptions {
  /** Build id, unique prefix, or nothing for the held / running / latest kept build. */
  buildId?: string;
  stateDir?: string;
  /** Where to look for the project's state folder (default: the current folder). */
  cwd?: string;
  runtime?: ContainerRuntime;
}

export interface AttachOptions extends DebugTargetOptions {
  io?: ShellIO;
  notice?: (text: string) => void;
}

/** The state folder for a project folder (same rules as `build`: a relative flag is relative to the current folder). */
export function stateDirFor(start: string = process.cwd(), flag?: string): StateDir {
  return openWorkspace({ cwd: start, stateDir: flag }).state;
}

interface Located {
  buildId: string;
  container: Container;
  kept: boolean;
}

async function locate(o: DebugTargetOptions, runtime: ContainerRuntime): Promise<Located> {
  const session = new BuildSessions(stateDirFor(o.cwd, o.stateDir)).find(o.buildId);
  if (session) {
    const container = await runtime.getContainer(session.containerId);
    if (!container) {
      throw new InputError('BUILD_CONTAINER_GONE', `the container of build ${session.buildId} is gone`, {
        details: ['containers are removed when a build ends; run it with --keep (or --shell-on-failure) to get in'],
      });
    }
    return { buildId: session.buildId, container, kept: session.keep };
  }
  if (o.buildId) {
    const ref = o.buildId;
    const found = (await runtime.listResources({ labels: { [LABEL_ROLE]: 'build' } })).filter(
      (r) => r.kind === 'container' && (r.labels[LABEL_BUILD_ID] ?? '').startsWith(ref),
    );
    if (found.length === 1) {
      const container = await runtime.getContainer(found[0].id);
      if (container)
        return { buildId: found[0].labels[LABEL_BUILD_ID]!, container, kept: found[0].labels[LABEL_KEEP] === 'true' };
    }
    if (found.length > 1)
      throw new InputError('BUILD_ID_AMBIGUOUS', `"${ref}" matches ${found.length} build containers`);
  }
  throw new InputError(
    'BUILD_NOT_FOUND',
    o.buildId ? `no build "${o.buildId}" with a container` : 'no running, paused or kept build here',
    {
      details: [
        'codelocal build --shell-on-failure, --keep, or a codebuild-breakpoint command leave a build to attach to',
      ],
    },
  );
}

/** Opens a shell in the build's container (starting a stopped kept one); resolves with the shell's exit code. */
export async function attachBuild(o: AttachOptions = {}): Promise<number> {
  return withRuntime(o.runtime, async (runtime) => {
    const { buildId, container, kept } = await locate(o, runtime);
    const state = await container.inspect();
    if (!state.running) {
      if (!kept) throw new InputError('BUILD_NOT_KEPT', `build ${buildId} has ended and its container was not kept`);
      // The agent is the main process: started again it waits on stdin, keeping the container up.
      await container.start();
    }
    return openDebugShell(container, { io: o.io, title: buildId.split(':')[0] ?? buildId });
  });
}

/** Lets a held build go on (breakpoint or --shell-on-failure hold); `resumed` is false when it was not held. */
export async function resumeBuild(o: DebugTargetOptions = {}): Promise<{ buildId: string; resumed: boolean }> {
  return withRuntime(o.runtime, async (runtime) => {
    const { buildId, container } = await locate(o, runtime);
    if (!(await container.inspect()).running) return { buildId, resumed: false };
    const r = await container.exec(RESUME_ARGV);
    return { buildId, resumed: r.exitCode === 0 };
  });
}
