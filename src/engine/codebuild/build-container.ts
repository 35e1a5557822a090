/**
 * Provisioning steps of the build record: the container (new, or the kept one of `--reuse`), the
 * runtime versions read from its image, one tar with agent, scripts and sources, then the agent
 * attached and started with the build timeout and the caller's stop signal armed.
 */
import { InputError } from '../../errors.js';
import type { Container, ContainerRuntime, ContainerSpec, VolumeMount } from '../../runtime/index.js';
import { commandHeader } from '../../guest/index.js';
import { hidingMounts } from './bind-hidden.js';
import { type InMemoryFile, listSourceFiles, packSource } from '../source/index.js';
import {
  AGENT_PATH,
  COMMAND_HEADER_PATH,
  ENV0_FILE,
  ENV_FILE,
  MEMORY_DIR,
  SCRIPT_FILE,
  STAGED_MEMORY_DIR,
  agentScript,
  bootstrapCommand,
  initialEnvFile,
} from './agent-script.js';
import { AgentSession } from './agent-session.js';
import type { BuildRun } from './build-run.js';
import { readTextFromContainer } from './container-files.js';
import { forwardAgentEvents } from './debug-runner.js';
import { debugToolFiles } from './debug-tools.js';
import { Deadline } from './deadline.js';
import { computeLimits, type ComputeLimits } from './compute-limits.js';
import { parseRuntimesFile, selectRuntimes, RuntimeSelectionError } from './runtime-versions.js';

export const RUNTIMES_FILE = '/codebuild/image/config/runtimes.yml';
export const INLINE_BUILDSPEC = '/codebuild/readonly/buildspec.yml';

/** A new container whose main process will be the agent, or the kept one of `--reuse`. */
export async function createBuildContainer(run: BuildRun): Promise<void> {
  const { request, input, layout, privileged, keep } = run;
  const limits = request.reuse ? undefined : await buildLimits(run);
  const dind = request.reuse ? undefined : await dindVolume(run);
  run.container = request.reuse
    ? await reusedContainer(run.deps.runtime, request.reuse.containerId)
    : await run.deps.runtime.createContainer({
        image: input.localImage,
        entrypoint: [],
        cmd: bootstrapCommand(),
        env: { CODELOCAL_NONCE: run.nonce, CODELOCAL_PRIVILEGED: privileged ? '1' : '0' },
        workingDir: layout.primary,
        labels: { 'codelocal.role': 'build', 'codelocal.build-id': run.identity.id },
        privileged,
        openStdin: true,
        init: true,
        ...boundSource(run),
        // codelocal's folder in memory (agent-script.ts, MEMORY_DIR). A kept container keeps it on disk: its shell
        // state must survive a restart (`codelocal attach`, --reuse).
        scratch: keep ? [] : [MEMORY_DIR],
        volumes: dind ? [...input.volumes, dind] : input.volumes,
        anonymousVolumes: privileged && keep && !hasDockerVolume(input.volumes) ? [DIND_ROOT] : [],
        keep,
        autoRemove: !keep,
        ...(limits?.memoryBytes ? { memoryBytes: limits.memoryBytes } : {}),
        ...(limits?.nanoCpus ? { nanoCpus: limits.nanoCpus } : {}),
        ...(limits ? { pidsLimit: limits.pidsLimit } : {}),
      });
}

const DIND_ROOT = '/var/lib/docker';

function hasDockerVolume(volumes: VolumeMount[]): boolean {
  return volumes.some((v) => v.target === DIND_ROOT);
}

/**
 * A privileged build's inner Docker storage: a named volume with codelocal's labels (pid, host), so
 * the next start's sweep removes it after a SIGKILL (an anonymous one carried no label and stayed).
 * A kept build keeps the anonymous volume, which goes with its container (`clean`).
 */
async function dindVolume(run: BuildRun): Promise<VolumeMount | undefined> {
  if (!run.privileged || run.keep || hasDockerVolume(run.input.volumes)) return undefined;
  const name = `codelocal-dind-${run.identity.uuid}`;
  await run.deps.runtime.volumes.create(name, {
    labels: { 'codelocal.role': 'dind', 'codelocal.build-id': run.identity.id },
  });
  run.dindVolume = name;
  return { name, target: DIND_ROOT };
}

/** The bound source folder with the state folder and stub files inside it covered (bind-hidden.ts). */
function boundSource(run: BuildRun): Pick<ContainerSpec, 'binds' | 'tmpfs'> {
  const { request, layout } = run;
  if (!request.bind) return { binds: [] };
  const hide = hidingMounts(request.sourceDir, layout.primary, request.hiddenFromBind ?? []);
  return { binds: [{ source: request.sourceDir, target: layout.primary }, ...hide.binds], tmpfs: hide.tmpfs };
}

/**
 * The compute type's memory and CPUs, capped at the engine's machine, and a process limit
 * (compute-limits.ts). An engine that cannot say its size gets the process limit alone.
 */
async function buildLimits(run: BuildRun): Promise<ComputeLimits> {
  const computeType = run.input.project.environment.computeType;
  const host = await run.engineSize;
  const limits = computeLimits(computeType, host ?? { memoryBytes: Infinity, cpus: Infinity });
  if (limits.note) run.deps.notice(limits.note);
  return limits;
}

/** The kept container of an earlier build, running (a stopped one starts again; its agent keeps env.sh). */
async function reusedContainer(runtime: ContainerRuntime, id: string): Promise<Container> {
  const c = await runtime.getContainer(id);
  if (!c)
    throw new InputError('BUILD_CONTAINER_GONE', `the kept container ${id.slice(0, 12)} no longer exists`, {
      details: ['run the build again with --keep'],
    });
  return c;
}

/**
 * Install-phase `runtime-versions` (docs/aws/codebuild.md §1.4): read the image's runtimes.yml (readable before
 * the container starts) and add the selected runtimes' commands. A reused container has its runtimes already.
 */
export async function selectRuntimeVersions(run: BuildRun): Promise<void> {
  const requested = run.request.reuse
    ? undefined
    : run.buildspec.phases.find((p) => p.name === 'install')?.runtimeVersions;
  if (!requested || !Object.keys(requested).length || run.downloadError) return;
  const text = await readTextFromContainer(run.container!, RUNTIMES_FILE);
  if (text === undefined) {
    run.warnings.push('Skipping install of runtimes. Runtime version selection is not supported by this build image');
    return;
  }
  const { table, runtimes } = run.scripts;
  try {
    const values = Object.fromEntries(Object.entries(requested).map(([k, v]) => [k, v.value]));
    for (const selection of selectRuntimes(parseRuntimesFile(text), values, run.env)) {
      const pre = selection.customVersion ? [table.add(`export VERSION=${selection.customVersion}`, 'runtime')] : [];
      runtimes.push({ selection, entries: [...pre, ...selection.commands.map((c) => table.add(c, 'runtime'))] });
    }
  } catch (e) {
    if (!(e instanceof RuntimeSelectionError)) throw e;
    run.downloadError = { statusCode: 'YAML_FILE_ERROR', message: e.message };
  }
}

/**
 * One tar: agent, initial environment, scripts, inline buildspec, and the sources. A new container takes it from
 * its bootstrap once started (files-delivery.ts); a reused one, whose agent is running, through the engine now.
 * Secondary sources go through the engine before the start.
 */
export async function copyFilesIn(run: BuildRun): Promise<void> {
  const { request, layout, input } = run;
  const env0 = initialEnvFile(run.env, layout.primary);
  // A reused container's agent is running: its script, its links and its shell state are left alone.
  const extra: InMemoryFile[] = [
    ...(request.reuse
      ? []
      : [
          { path: AGENT_PATH.slice(1), content: agentScript(), mode: 0o755 },
          { path: COMMAND_HEADER_PATH.slice(1), content: commandHeader(), mode: 0o644 },
          { path: `${MEMORY_DIR.slice(1)}/env.sh`, content: env0, mode: 0o644 },
          { path: ENV_FILE.slice(1), linkTarget: `${MEMORY_DIR}/env.sh` },
          { path: SCRIPT_FILE.slice(1), linkTarget: `${MEMORY_DIR}/script.sh` },
        ]),
    { path: ENV0_FILE.slice(1), content: env0, mode: 0o644 },
    ...run.scripts.table.files(),
    ...debugToolFiles(),
  ];
  if (input.inlineBuildspecText !== undefined)
    extra.push({ path: INLINE_BUILDSPEC.slice(1), content: input.inlineBuildspecText });
  const listing = { ignoreFiles: !request.copySourcesAsIs };
  const primary = request.bind ? { entries: [], ignored: [] } : listSourceFiles(request.sourceDir, listing);
  if (primary.ignored.length) {
    const shown = primary.ignored.slice(0, 5).join(', ');
    const more = primary.ignored.length > 5 ? ` and ${primary.ignored.length - 5} more` : '';
    run.deps.notice(
      `left out of the source copy by .gitignore/.codelocalignore: ${shown}${more} (use --bind to mount the folder as is)`,
    );
  }
  const container = run.container!;
  if (request.reuse) await container.putArchive(packSource(layout.primary, primary.entries, extra), '/');
  else run.filesArchive = (staged) => packSource(layout.primary, primary.entries, staged ? extra.map(stage) : extra);
  for (const s of layout.secondary) {
    await container.putArchive(packSource(s.dir, listSourceFiles(s.hostDir, listing).entries), '/');
  }
}

const MEMORY_DIR_IN_TAR = MEMORY_DIR.slice(1) + '/';

/** A file of the in-memory folder put beside it instead, for an upload through the engine (STAGED_MEMORY_DIR). */
function stage(file: InMemoryFile): InMemoryFile {
  if (!file.path.startsWith(MEMORY_DIR_IN_TAR)) return file;
  return { ...file, path: `${STAGED_MEMORY_DIR.slice(1)}/${file.path.slice(MEMORY_DIR_IN_TAR.length)}` };
}

/** Attach to the agent, start the container, and arm the build timeout and the stop signal. */
export async function startAgent(run: BuildRun): Promise<void> {
  const { request, container } = run;
  run.session = new AgentSession(await container!.attach(), run.nonce);
  // A breakpoint holds the build inside a command; the timeout keeps running, as in the cloud.
  forwardAgentEvents(run.session, request.debug, run.identity.id);
  await container!.start();
  run.started = true;
  const timeoutMs =
    request.timeoutSeconds !== undefined
      ? request.timeoutSeconds * 1000
      : (request.timeoutInMinutes ?? run.project.timeoutInMinutes) * 60_000;
  run.deadline = new Deadline(timeoutMs, () => void stopBuild(run, 'TIMED_OUT'));
  run.onAbort = () => void stopBuild(run, 'STOPPED');
  request.signal?.addEventListener('abort', run.onAbort, { once: true });
  if (request.signal?.aborted) run.onAbort();
}

/** Ends the build from outside: killing the container ends the running command; the steps see the session fail. */
export async function stopBuild(run: BuildRun, reason: 'TIMED_OUT' | 'STOPPED'): Promise<void> {
  if (run.stopReason) return;
  run.stopReason = reason;
  await run.container?.kill('SIGKILL').catch(() => undefined);
}
