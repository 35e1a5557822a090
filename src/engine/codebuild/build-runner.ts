/**
 * Runs one build the way CodeBuild's agent does: DOWNLOAD_SOURCE (source, buildspec, variables,
 * runtimes, cache), INSTALL → POST_BUILD with CodeBuild's transitions, UPLOAD_ARTIFACTS, FINALIZING.
 * Input errors (a bad buildspec) are thrown before any container exists; everything after that
 * ends in a Build result, never a throw, so the caller always learns the status.
 */
import { PHASE_TYPES, type Buildspec, type PhaseName } from '../../model/buildspec-types.js';
import type { ContainerRuntime, Container } from '../../runtime/types.js';
import { InputError } from '../../errors.js';
import { AGENT_PATH, ENV0_FILE, ENV_FILE, agentScript, initialEnvFile } from './agent-script.js';
import { AgentSession, newNonce } from './agent-session.js';
import { BuildLog } from './build-log.js';
import {
  newBuildIdentity,
  predefinedVariables,
  sourceLayout,
  type BuildIdentity,
  type SourceLayout,
} from './build-context.js';
import type { Build, StatusType, PhaseContext, BuildArtifactsResult } from './build-types.js';
import { mergeEnvironment } from './environment.js';
import { PhaseRecord } from './phase-record.js';
import { runPhase, type CommandExecutor, type PhaseScripts } from './phase-runner.js';
import { nextStep, stepAfter, type BuildStep } from '../../plan/phase-transitions.js';
import { parseRuntimesFile, selectRuntimes, RuntimeSelectionError, type RuntimeSelection } from './runtime-versions.js';
import {
  ScriptTable,
  evaluateScript,
  parseVariablesOutput,
  printVariablesScript,
  type ScriptEntry,
} from './script-table.js';
import { listSourceFiles } from '../source/source-files.js';
import { packSource, type InMemoryFile } from '../source/source-archive.js';
import type { BuildDeps, ResolvedBuildInput } from './build-deps.js';
import { readTextFromContainer } from './container-files.js';
import { failureHint } from './failure-hints.js';
import { failureLines } from './failure-lines.js';
import { StopAfterShell, failureHandler, forwardAgentEvents } from './debug-runner.js';
import { debugToolFiles, failureHoldCommand } from './debug-tools.js';
import { Deadline } from './deadline.js';

const RUNTIMES_FILE = '/codebuild/image/config/runtimes.yml';
const INLINE_BUILDSPEC = '/codebuild/readonly/buildspec.yml';

interface RunState {
  status: StatusType;
  stopReason?: 'TIMED_OUT' | 'STOPPED';
  fault?: boolean;
  failure?: Build['codelocal']['failure'];
}

export async function executeBuild(input: ResolvedBuildInput, deps: BuildDeps): Promise<Build> {
  const { request, buildspec, project } = input;
  const runtime: ContainerRuntime = deps.runtime;
  const identity = newBuildIdentity(project.name, deps.accountId, deps.region, deps.nextBuildNumber(project.name));
  const log = new BuildLog({
    path: deps.logPath(identity),
    sinks: request.output ? [request.output] : [],
    masker: deps.masker,
  });
  const record = new PhaseRecord();
  const state: RunState = { status: 'IN_PROGRESS' };
  const warnings: string[] = [...buildspec.warnings.map((w) => w.message)];
  const secondaries = request.secondarySources ?? [];
  const reuse = request.reuse;
  const keep = Boolean(request.keep || reuse);
  const layout = sourceLayout(secondaries, Boolean(request.pipelineLayout), reuse?.srcRoot);
  const privileged = request.privileged ?? project.environment.privilegedMode;
  const shell = buildspec.env.shell ?? 'sh';
  const mode: 'keep' | 'fresh' = buildspec.version === '0.1' ? 'fresh' : 'keep';

  record.begin('SUBMITTED');
  record.begin('QUEUED');
  record.begin('PROVISIONING');
  log.container('Waiting for agent ping');

  // Variables: predefined < buildspec < project < overrides. Secrets resolve now, so their values
  // are known to the masker before any output is written.
  const predefined = predefinedVariables({
    identity,
    image: input.requestedImage,
    layout,
    initiator: request.initiator,
    sourceVersion: request.sourceVersion ?? input.git?.commit,
    resolvedSourceVersion: request.resolvedSourceVersion ?? input.git?.commit,
    sourceRepoUrl: request.sourceRepoUrl ?? input.git?.originUrl,
    secondary: secondaries,
    batchBuildIdentifier: request.batchBuildIdentifier,
  });
  const merged = mergeEnvironment(
    predefined,
    buildspec,
    project.environment.environmentVariables,
    request.envOverrides ?? [],
  );
  warnings.push(...merged.warnings);
  const env: Record<string, string> = {};
  let downloadError: PhaseContext | undefined;
  const hasSecretVars = [...merged.entries.values()].some((e) => e.type !== 'PLAINTEXT');
  for (const e of merged.entries.values()) {
    if (e.type === 'PLAINTEXT') {
      env[e.name] = e.value;
      continue;
    }
    if (downloadError) continue;
    const resolved = deps.resolveValue(e.type, e.value);
    if ('error' in resolved) downloadError = resolved.error;
    else env[e.name] = resolved.value;
  }

  // Scripts: everything the agent will run, generated up front (see script-table.ts).
  const table = new ScriptTable();
  const phaseScripts = new Map<PhaseName, PhaseScripts>();
  for (const phase of buildspec.phases) {
    phaseScripts.set(phase.name, {
      phase,
      commands: phase.commands.map((c) => table.add(c.text, 'command')),
      finally: phase.finally.map((c) => table.add(c.text, 'command')),
    });
  }
  const exportScript = buildspec.env.exportedVariables.length
    ? table.add(printVariablesScript(buildspec.env.exportedVariables), 'quiet')
    : undefined;
  const artifactSpecs = [...(buildspec.artifacts ? [buildspec.artifacts] : []), ...buildspec.secondaryArtifacts];
  const nameScripts = new Map<string, ScriptEntry>();
  for (const a of artifactSpecs)
    if (a.name) nameScripts.set(a.identifier ?? '', table.add(evaluateScript(a.name), 'quiet'));
  const cacheKeyScript = buildspec.cache?.key ? table.add(evaluateScript(buildspec.cache.key), 'quiet') : undefined;
  const debug = request.debug;
  const holdScript =
    debug?.onFailure === 'hold' ? table.add(failureHoldCommand(debug.holdSeconds ?? 300), 'quiet') : undefined;
  // A reused container keeps the shell state its phases left; this build's variables go on top.
  const refreshEnvScript = reuse && mode === 'keep' ? table.add(`. ${ENV0_FILE}`, 'quiet') : undefined;
  const selected = request.phases ? new Set<PhaseName>(request.phases) : undefined;

  let container: Container | undefined;
  let started = false;
  let session: AgentSession | undefined;
  let deadline: Deadline | undefined;
  let runtimeSelections: RuntimeSelection[] = [];
  const runtimeScripts: { selection: RuntimeSelection; entries: ScriptEntry[] }[] = [];
  const onAbort = () => void stop('STOPPED');
  const stop = async (reason: 'TIMED_OUT' | 'STOPPED') => {
    if (state.stopReason) return;
    state.stopReason = reason;
    // Killing the container ends the running command; the loop below sees the session fail.
    await container?.kill('SIGKILL').catch(() => undefined);
  };

  const nonce = reuse?.nonce ?? newNonce();
  let cacheKey: string | undefined;
  try {
    container = reuse
      ? await reusedContainer(runtime, reuse.containerId)
      : await runtime.createContainer({
          image: input.localImage,
          entrypoint: [],
          cmd: ['/bin/sh', AGENT_PATH],
          env: { CODELOCAL_NONCE: nonce, CODELOCAL_PRIVILEGED: privileged ? '1' : '0' },
          workingDir: layout.primary,
          labels: { 'codelocal.role': 'build', 'codelocal.build-id': identity.id },
          privileged,
          openStdin: true,
          init: true,
          binds: request.bind ? [{ source: request.sourceDir, target: layout.primary }] : [],
          volumes: input.volumes,
          anonymousVolumes:
            privileged && !input.volumes.some((v) => v.target === '/var/lib/docker') ? ['/var/lib/docker'] : [],
          keep,
          autoRemove: !keep,
        });

    // Runtime versions need the image's runtimes.yml, readable before the container starts.
    // A reused container has its runtimes selected already.
    const requested = reuse ? undefined : buildspec.phases.find((p) => p.name === 'install')?.runtimeVersions;
    if (requested && Object.keys(requested).length && !downloadError) {
      const text = await readTextFromContainer(container, RUNTIMES_FILE);
      if (text === undefined) {
        warnings.push('Skipping install of runtimes. Runtime version selection is not supported by this build image');
      } else {
        try {
          const values = Object.fromEntries(Object.entries(requested).map(([k, v]) => [k, v.value]));
          runtimeSelections = selectRuntimes(parseRuntimesFile(text), values, env);
          for (const selection of runtimeSelections) {
            const pre = selection.customVersion
              ? [table.add(`export VERSION=${selection.customVersion}`, 'runtime')]
              : [];
            runtimeScripts.push({
              selection,
              entries: [...pre, ...selection.commands.map((c) => table.add(c, 'runtime'))],
            });
          }
        } catch (e) {
          if (!(e instanceof RuntimeSelectionError)) throw e;
          downloadError = { statusCode: 'YAML_FILE_ERROR', message: e.message };
        }
      }
    }

    // One tar: agent, initial environment, scripts, inline buildspec, and the sources.
    // (A reused container's agent is running: its script is left alone.)
    const extra: InMemoryFile[] = [
      ...(reuse ? [] : [{ path: AGENT_PATH.slice(1), content: agentScript(), mode: 0o755 }]),
      { path: ENV0_FILE.slice(1), content: initialEnvFile(env, layout.primary), mode: 0o644 },
      ...table.files(),
      ...debugToolFiles(),
    ];
    if (input.inlineBuildspecText !== undefined)
      extra.push({ path: INLINE_BUILDSPEC.slice(1), content: input.inlineBuildspecText });
    const listing = { ignoreFiles: !request.copySourcesAsIs };
    const primaryListing = request.bind ? { entries: [], ignored: [] } : listSourceFiles(request.sourceDir, listing);
    if (primaryListing.ignored.length) {
      const shown = primaryListing.ignored.slice(0, 5).join(', ');
      const more = primaryListing.ignored.length > 5 ? ` and ${primaryListing.ignored.length - 5} more` : '';
      deps.notice(
        `left out of the source copy by .gitignore/.codelocalignore: ${shown}${more} (use --bind to mount the folder as is)`,
      );
    }
    await container.putArchive(packSource(layout.primary, primaryListing.entries, extra), '/');
    for (const s of layout.secondary) {
      await container.putArchive(packSource(s.dir, listSourceFiles(s.hostDir, listing).entries), '/');
    }

    const streams = await container.attach();
    session = new AgentSession(streams, nonce);
    const box = container;
    // A breakpoint holds the build inside a command; the timeout keeps running, as in the cloud.
    forwardAgentEvents(session, debug, identity.id);
    await container.start();
    started = true;
    const timeoutMs =
      request.timeoutSeconds !== undefined
        ? request.timeoutSeconds * 1000
        : (request.timeoutInMinutes ?? project.timeoutInMinutes) * 60_000;
    deadline = new Deadline(timeoutMs, () => void stop('TIMED_OUT'));
    const clock = deadline;
    request.signal?.addEventListener('abort', onAbort, { once: true });
    if (request.signal?.aborted) onAbort();
    let anyFailed = false;
    let exported: { name: string; value: string }[] = [];
    const artifacts: { primary?: BuildArtifactsResult; secondary: BuildArtifactsResult[]; reports: unknown[] } = {
      secondary: [],
      reports: [],
    };
    try {
      await session.ping();
      debug?.onContainer?.({
        buildId: identity.id,
        containerId: box.id,
        nonce,
        srcRoot: layout.primary.replace(/\/src(\/s3\/00)?$/, ''),
        image: input.localImage,
      });

      // DOWNLOAD_SOURCE
      record.begin('DOWNLOAD_SOURCE');
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
      if (hasSecretVars) log.container('Decrypting parameter store environment variables');
      for (const w of warnings) if (w.startsWith('Skipping install of runtimes')) log.container(w);

      let currentPhase = 'DOWNLOAD_SOURCE';
      let runtimeFailure: { command: string; exitCode: number; output: string } | undefined;
      const executor = makeExecutor(session, shell, mode, log);
      // --shell-on-failure: a shell (or a hold) right where the command failed, before anything else runs.
      executor.commandFailed = failureHandler({
        debug,
        buildId: identity.id,
        container: box,
        masker: deps.masker,
        deadline: clock,
        holdScript,
        envFile: mode === 'keep' ? ENV_FILE : ENV0_FILE,
        phase: () => currentPhase,
        executor,
      });
      if (refreshEnvScript) await executor.run(refreshEnvScript, undefined);
      if (!downloadError) {
        for (const { selection, entries } of runtimeScripts) {
          log.container(
            `Selecting '${selection.runtime}' runtime version '${selection.requested}' based on manual selections...`,
          );
          for (const entry of entries) {
            log.container(`Running command ${entry.text}`);
            const { status, output } = await executor.run(entry, undefined);
            if (status !== 0) {
              downloadError = {
                statusCode: 'COMMAND_EXECUTION_ERROR',
                message: `Error while executing command: ${entry.text}. Reason: exit status ${status}`,
              };
              runtimeFailure = { command: entry.text, exitCode: status, output };
              await executor.commandFailed?.(entry, status, output, undefined);
              break;
            }
          }
          if (downloadError) break;
        }
      }
      if (!downloadError) {
        log.container(`Moving to directory ${layout.primary}`);
        cacheKey = cacheKeyScript ? (await executor.run(cacheKeyScript, undefined)).output : undefined;
        await deps.restoreCache({
          container,
          buildspec,
          project,
          srcDir: layout.primary,
          key: cacheKey,
          log: (m) => log.container(m),
        });
        log.container('Registering with agent');
        log.container(`Phases found in YAML: ${buildspec.phases.length}`);
        for (const p of buildspec.phases) log.container(` ${PHASE_TYPES[p.name]}: ${p.commands.length} commands`);
      }
      endPhase(record, log, 'DOWNLOAD_SOURCE', downloadError ? 'FAILED' : 'SUCCEEDED', downloadError);
      if (downloadError) {
        state.status = 'FAILED';
        const out = runtimeFailure?.output ?? '';
        state.failure = {
          phase: 'DOWNLOAD_SOURCE',
          command: runtimeFailure?.command,
          exitCode: runtimeFailure?.exitCode,
          hint: failureHint({
            context: downloadError,
            exitCode: runtimeFailure?.exitCode,
            output: out,
            image: input.requestedImage,
            privileged,
          }),
          lastLines: runtimeFailure ? failureLines(out, deps.masker) : [downloadError.message],
        };
      }

      // INSTALL .. POST_BUILD, then UPLOAD_ARTIFACTS, per CodeBuild's transitions.
      let step: BuildStep = downloadError ? 'finalizing' : 'install';
      anyFailed = Boolean(downloadError);
      while (step !== 'finalizing' && !state.stopReason) {
        if (step === 'upload_artifacts') {
          record.begin('UPLOAD_ARTIFACTS');
          const names: Record<string, string> = {};
          for (const [id, entry] of nameScripts) names[id] = (await executor.run(entry, undefined)).output;
          const upload = await deps.uploadArtifacts({
            container,
            buildspec,
            project,
            identity,
            srcDir: layout.primary,
            names,
            log: (m) => log.container(m),
            request,
          });
          artifacts.primary = upload.primary;
          artifacts.secondary = upload.secondary;
          artifacts.reports = upload.reports;
          endPhase(record, log, 'UPLOAD_ARTIFACTS', upload.error ? 'FAILED' : 'SUCCEEDED', upload.error);
          if (upload.error) {
            anyFailed = true;
            state.failure ??= { phase: 'UPLOAD_ARTIFACTS', lastLines: [upload.error.message] };
          }
          step = 'finalizing';
          break;
        }
        const phaseName = step;
        if (selected && !selected.has(phaseName)) {
          log.container(`Skipping phase ${PHASE_TYPES[phaseName]}: not selected (--phase/--from-phase)`);
          if (phaseName === 'post_build' && exportScript)
            exported = parseExported(
              (await executor.run(exportScript, undefined)).output,
              buildspec.env.exportedVariables,
              merged,
            );
          step = stepAfter(phaseName);
          continue;
        }
        currentPhase = PHASE_TYPES[phaseName];
        const scripts = phaseScripts.get(phaseName) ?? {
          phase: { name: phaseName, pos: { file: buildspec.file, line: 1, column: 1 }, commands: [], finally: [] },
          commands: [],
          finally: [],
        };
        record.begin(PHASE_TYPES[phaseName]);
        log.container(`Entering phase ${PHASE_TYPES[phaseName]}`);
        const outcome = await runPhase(scripts, buildspec.runAs, executor);
        if (state.stopReason) break;
        endPhase(record, log, PHASE_TYPES[phaseName], outcome.failed ? 'FAILED' : 'SUCCEEDED', outcome.context);
        if (outcome.failed) {
          if (!anyFailed) {
            // The failing command's own output: not the finally output and [Container] lines after it.
            const out = outcome.output ?? '';
            state.failure = {
              phase: PHASE_TYPES[phaseName],
              command: outcome.failedCommand,
              exitCode: outcome.exitCode,
              lastLines: failureLines(out, deps.masker),
              hint: failureHint({
                context: outcome.context,
                exitCode: outcome.exitCode,
                output: out,
                image: input.requestedImage,
                privileged,
              }),
            };
          }
          anyFailed = true;
          // CODEBUILD_BUILD_SUCCEEDING flips to 0 for every later command (codebuild.md §2.5).
          session.appendEnv("export CODEBUILD_BUILD_SUCCEEDING='0'");
        }
        if (
          phaseName === 'post_build' ||
          (outcome.failed && nextStep(phaseName, true, scripts.phase.onFailure) === 'finalizing')
        ) {
          // Exported variables are frozen after the last phase that ran (codebuild.md §2.7).
          if (exportScript)
            exported = parseExported(
              (await executor.run(exportScript, undefined)).output,
              buildspec.env.exportedVariables,
              merged,
            );
        }
        step = nextStep(phaseName, outcome.failed, scripts.phase.onFailure);
      }
    } catch (e) {
      if (e instanceof StopAfterShell) {
        state.failure ??= e.failure;
        state.stopReason = 'STOPPED';
      }
      // A killed container (timeout, stop) ends the running command with a closed stream.
      if (!state.stopReason) {
        const message = e instanceof Error ? e.message : String(e);
        log.container(`Phase complete: ${record.current} State: FAULT`);
        log.container(`Phase context status code: CLIENT_ERROR Message: ${message}`);
        record.end('FAULT', { statusCode: 'CLIENT_ERROR', message });
        state.failure ??= { phase: record.current, lastLines: [message] };
        anyFailed = true;
        state.fault = true;
      }
    }

    if (state.stopReason) {
      const code = state.stopReason === 'TIMED_OUT' ? 'BUILD_TIMED_OUT' : 'BUILD_STOPPED';
      // UNCERTAIN (codebuild.md §2.6): the cloud's exact timeout text; ours is documented in docs/fidelity.md.
      const message = state.stopReason === 'TIMED_OUT' ? 'Build has timed out. ' : 'Build was stopped. ';
      log.container(`Phase complete: ${record.current} State: ${state.stopReason}`);
      log.container(`Phase context status code: ${code} Message: ${message}`);
      record.end(state.stopReason, { statusCode: code, message });
      state.status = state.stopReason;
    } else {
      state.status = state.fault ? 'FAULT' : anyFailed ? 'FAILED' : 'SUCCEEDED';
    }

    record.begin('FINALIZING');
    if (!state.stopReason && !state.fault && !downloadError) {
      await deps
        .saveCache({
          container,
          buildspec,
          project,
          srcDir: layout.primary,
          key: cacheKey,
          log: (m) => log.container(m),
        })
        .catch((e: Error) => {
          warnings.push(`cache not saved: ${e.message}`);
        });
    }
    record.complete();
    return finishBuild();

    function finishBuild(): Build {
      return deps.buildResult({
        identity,
        request,
        project,
        buildspec,
        input,
        record,
        status: state.status,
        exported,
        artifacts,
        env: merged,
        warnings,
        failure: state.failure,
        logPath: deps.logPath(identity),
      });
    }
  } finally {
    deadline?.clear();
    request.signal?.removeEventListener('abort', onAbort);
    // A kept container keeps its agent waiting for the next attach (--reuse); otherwise it quits.
    if (keep) session?.detach();
    else session?.quit();
    // A started container removes itself once the agent quits (AutoRemove, like `docker run --rm`):
    // waiting for that removal would add a tenth of a second to every build. A stopped or timed-out
    // build was killed; it is removed here, so the caller sees it gone when the result arrives.
    if (container && !keep) {
      if (started && !state.stopReason) container.forget();
      else await container.remove().catch(() => undefined);
    }
    await log.close();
  }
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

function endPhase(
  record: PhaseRecord,
  log: BuildLog,
  phaseType: string,
  status: StatusType,
  context?: PhaseContext,
): void {
  log.container(`Phase complete: ${phaseType} State: ${status}`);
  log.container(`Phase context status code: ${context?.statusCode ?? ''} Message: ${context?.message ?? ''}`);
  record.end(status, context);
}

function makeExecutor(
  session: AgentSession,
  shell: string,
  mode: 'keep' | 'fresh',
  log: BuildLog,
): CommandExecutor & {
  run(entry: ScriptEntry, runAs: string | undefined): Promise<{ status: number; output: string }>;
} {
  return {
    log: (m) => log.container(m),
    async run(entry, runAs) {
      let output = '';
      const quiet = entry.purpose === 'quiet';
      const status = await session.run(entry.id, shell, mode, runAs, (chunk) => {
        if (quiet) output += chunk;
        else {
          log.output(chunk);
          output = (output + chunk).slice(-65536);
        }
      });
      if (!quiet) log.endOfCommand();
      return { status, output };
    },
  };
}

function parseExported(
  out: string,
  names: string[],
  merged: ReturnType<typeof mergeEnvironment>,
): { name: string; value: string }[] {
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

export type { BuildIdentity, SourceLayout, Buildspec };
