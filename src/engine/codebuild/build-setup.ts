/**
 * The build's set-up, before any container exists: identity and log, the first phases of the
 * record (SUBMITTED, QUEUED, PROVISIONING), the variables (secrets resolved now, so the masker
 * knows their values before any output is written) and every script the agent may run.
 */
import { isAbsolute, relative } from 'node:path';
import type { Buildspec, PhaseName } from '../../model/index.js';
import { ENV0_FILE } from './agent-script.js';
import { newNonce } from './agent-session.js';
import { BuildLog } from './build-log.js';
import {
  newBuildIdentity,
  predefinedVariables,
  sourceLayout,
  type SourceLayout,
  type BuildIdentity,
} from './build-context.js';
import type { BuildDeps, ResolvedBuildInput } from './build-deps.js';
import type { BuildRun, BuildScripts } from './build-run.js';
import type { PhaseContext } from './build-types.js';
import { failureHoldCommand } from './debug-tools.js';
import { mergeEnvironment, type MergedEnvironment } from './environment.js';
import { PhaseRecord } from './phase-record.js';
import type { PhaseScripts } from './phase-runner.js';
import {
  ScriptTable,
  evaluateKeyScript,
  evaluateScript,
  printVariablesScript,
  type ScriptEntry,
} from './script-table.js';

/** A new build record with its set-up done; nothing has touched the container runtime yet. */
export function openBuild(input: ResolvedBuildInput, deps: BuildDeps): BuildRun {
  const { request, buildspec, project } = input;
  const identity = newBuildIdentity(project.name, deps.accountId, deps.region, deps.nextBuildNumber(project.name));
  deps.buildStarted?.(identity);
  const log = new BuildLog({
    path: deps.logPath(identity),
    sinks: request.output ? [request.output] : [],
    masker: deps.masker,
  });
  const record = new PhaseRecord();
  const warnings: string[] = [...buildspec.warnings.map((w) => w.message)];
  const layout = sourceLayout(request.secondarySources ?? [], Boolean(request.pipelineLayout), request.reuse?.srcRoot);
  const mode: 'keep' | 'fresh' = buildspec.version === '0.1' ? 'fresh' : 'keep';
  record.begin('SUBMITTED');
  record.begin('QUEUED');
  record.begin('PROVISIONING');
  logIgnoredByCodeBuild(log, buildspec, request.sourceDir);
  // Said where provisioning is, so a later `yum: not found` reads against the stand-in's distribution.
  if (input.imageLine) log.note(input.imageLine.replace(/^codelocal: /, ''));
  log.container('Waiting for agent ping');
  const merged = mergedVariables(input, identity, layout);
  warnings.push(...merged.warnings);
  const { env, downloadError } = resolveVariables(merged, deps);
  return {
    input,
    deps,
    request,
    buildspec,
    project,
    identity,
    log,
    record,
    warnings,
    layout,
    engineSize: request.reuse ? Promise.resolve(undefined) : deps.runtime.info().catch(() => undefined),
    privileged: request.privileged ?? project.environment.privilegedMode,
    keep: Boolean(request.keep || request.reuse),
    shell: buildspec.env.shell ?? 'sh',
    mode,
    nonce: request.reuse?.nonce ?? newNonce(),
    selected: request.phases ? new Set<PhaseName>(request.phases) : undefined,
    merged,
    env,
    hasSecretVars: [...merged.entries.values()].some((e) => e.type !== 'PLAINTEXT'),
    scripts: buildScripts(input, mode),
    started: false,
    currentPhase: 'DOWNLOAD_SOURCE',
    downloadError,
    status: 'IN_PROGRESS',
    anyFailed: false,
    exported: [],
    artifacts: { secondary: [], reports: [] },
  };
}

/** Variables: predefined < buildspec < project < overrides. */
function mergedVariables(input: ResolvedBuildInput, identity: BuildIdentity, layout: SourceLayout): MergedEnvironment {
  const { request, buildspec, project } = input;
  const predefined = predefinedVariables({
    identity,
    image: input.requestedImage,
    layout,
    initiator: request.initiator,
    sourceVersion: request.sourceVersion ?? input.git?.commit,
    resolvedSourceVersion: request.resolvedSourceVersion ?? input.git?.commit,
    sourceRepoUrl: request.sourceRepoUrl ?? input.git?.originUrl,
    secondary: request.secondarySources ?? [],
    batchBuildIdentifier: request.batchBuildIdentifier,
  });
  return mergeEnvironment(predefined, buildspec, project.environment.environmentVariables, request.envOverrides ?? []);
}

/** Plain values as they are; secrets resolved until the first that fails (DOWNLOAD_SOURCE fails then). */
function resolveVariables(
  merged: MergedEnvironment,
  deps: BuildDeps,
): { env: Record<string, string>; downloadError?: PhaseContext } {
  const env: Record<string, string> = {};
  let downloadError: PhaseContext | undefined;
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
  return { env, downloadError };
}

/** Everything the agent will run, generated up front (see script-table.ts). */
function buildScripts(input: ResolvedBuildInput, mode: 'keep' | 'fresh'): BuildScripts {
  const { buildspec, request } = input;
  const table = new ScriptTable();
  const phases = new Map<PhaseName, PhaseScripts>();
  for (const phase of buildspec.phases) {
    phases.set(phase.name, {
      phase,
      commands: phase.commands.map((c) => table.add(c.text, 'command')),
      finally: phase.finally.map((c) => table.add(c.text, 'command')),
    });
  }
  const quiet = (text: string) => table.add(text, 'quiet');
  const exportScript = buildspec.env.exportedVariables.length
    ? quiet(printVariablesScript(buildspec.env.exportedVariables))
    : undefined;
  const names = artifactNameScripts(buildspec, quiet);
  const cacheKey = buildspec.cache?.key ? quiet(evaluateKeyScript(buildspec.cache.key)) : undefined;
  const debug = request.debug;
  const hold = debug?.onFailure === 'hold' ? quiet(failureHoldCommand(debug.holdSeconds ?? 300)) : undefined;
  // A reused container keeps the shell state its phases left; this build's variables go on top.
  const refreshEnv = request.reuse && mode === 'keep' ? quiet(`. ${ENV0_FILE}`) : undefined;
  return { table, phases, exportScript, names, cacheKey, hold, refreshEnv, runtimes: [] };
}

function artifactNameScripts(buildspec: Buildspec, quiet: (text: string) => ScriptEntry): Map<string, ScriptEntry> {
  const specs = [...(buildspec.artifacts ? [buildspec.artifacts] : []), ...buildspec.secondaryArtifacts];
  const names = new Map<string, ScriptEntry>();
  for (const a of specs) if (a.name) names.set(a.identifier ?? '', quiet(evaluateScript(a.name)));
  return names;
}

/** Codes of what the buildspec has that CodeBuild runs past: ignored keys, skipped items, a list of one. */
const RUN_PAST: ReadonlySet<string> = new Set([
  'BUILDSPEC_KEY_UNKNOWN',
  'BUILDSPEC_ITEM_EMPTY',
  'BUILDSPEC_VALUE_SCALAR_LIST',
  'BUILDSPEC_CACHE_PATHS_MISSING',
  'YAML_KEY_LAST_WINS',
  'BUILDSPEC_SHELL_WINDOWS',
]);

/** One `[codelocal]` line per ignored key or skipped item, before the agent's lines (docs/fidelity.md). */
function logIgnoredByCodeBuild(log: BuildLog, buildspec: Buildspec, sourceDir: string): void {
  for (const w of buildspec.warnings) {
    if (!RUN_PAST.has(w.code)) continue;
    // The buildspec as the source folder names it (`buildspec.yml`), like the agent's `YAML location`.
    const inSource = isAbsolute(w.pos.file) ? relative(sourceDir, w.pos.file) : w.pos.file;
    const file = inSource.startsWith('..') ? w.pos.file : inSource;
    log.note(`${file}:${w.pos.line}:${w.pos.column}: ${w.message}`);
  }
}
