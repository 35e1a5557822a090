/**
 * Wires the engine's ActionServices to the pipeline's workspace, its history, the local AWS
 * stand-ins and a container runtime opened on first use (an approval-only or source-only run never
 * needs Docker). Builds run in the same workspace and history (engine/pipeline/actions/build-inputs.ts).
 */
import {
  type CodeBuildProject,
  loadPipeline,
  loadProjects,
  type PolicySet,
  type TemplateOptions,
} from '../model/index.js';
import { type ContainerRuntime, lazyRuntime } from '../runtime/index.js';
import { type ExecutionStore, LocalS3Store } from '../stores/index.js';
import { actionsThatRun, type PipelinePlan, type SourceOverride } from '../plan/index.js';
import {
  type ActionServices,
  type ApprovalDecision,
  type Clock,
  type RunSettings,
  systemClock,
} from '../engine/pipeline/index.js';
import { debugHooks, recordBuildEnd } from './build-debug.js';
import { openRuntime } from './runtime-session.js';
import { localAwsFor } from './local-aws-for.js';
import type { PipelineContext } from './pipeline-context.js';

export interface ServiceOptions {
  runtime?: ContainerRuntime;
  sourceOverrides?: Record<string, SourceOverride>;
  approvals?: Record<string, ApprovalDecision>;
  prompt?: ActionServices['prompt'];
  clock?: Clock;
  approvalPollMs?: number;
  /** The resource policies the plan was checked against: the local stand-ins enforce them (docs/accounts.md). */
  policies?: PolicySet;
  /** The run has builds enough to lend them network namespaces (local-aws/network-holders.ts). */
  lendNetworks?: boolean;
}

/** Projects by name: the pipeline template's, then config `projects:`, then `--projects` files (later wins). */
export function collectProjects(
  ctx: PipelineContext,
  fromTemplate: Map<string, CodeBuildProject>,
  files: string[],
): Map<string, CodeBuildProject> {
  const out = new Map(fromTemplate);
  const options = { ...workspaceTemplateOptions(ctx), region: ctx.config.config.region };
  for (const file of [...ctx.config.config.projects, ...files]) {
    for (const [name, p] of loadProjects(file, options)) out.set(name, p);
  }
  return out;
}

/** The CodeBuild projects a retry runs with: the file's (when it still loads) and --projects files. */
export function retryProjects(ctx: PipelineContext, settings: RunSettings): Map<string, CodeBuildProject> {
  let templateProjects = new Map<string, CodeBuildProject>();
  try {
    templateProjects = loadPipeline(settings.file, {
      ...workspaceTemplateOptions(ctx),
      region: settings.region,
      parameterOverrides: settings.parameterOverrides,
    }).projects;
  } catch {
    // The file may have changed since; the recorded definition still runs, with --projects files.
  }
  return collectProjects(ctx, templateProjects, settings.projectFiles);
}

/**
 * What a template asks of the workspace it is read in: codelocal.yml's account and `imports`
 * (`Fn::ImportValue`, docs/config.md), and `{{resolve:ssm:NAME}}` answered from the parameter stubs,
 * read only when a template has one (docs/fidelity.md, issue 11; docs/stubs.md).
 */
export function workspaceTemplateOptions(
  ctx: PipelineContext,
): Required<Pick<TemplateOptions, 'accountId' | 'imports' | 'ssmParameter'>> {
  const { accountId, imports } = ctx.config.config;
  return { accountId, imports, ssmParameter: (name) => ctx.stubs().templateParameter(name) };
}

/**
 * Whether a run lends its builds network namespaces (local-aws/network-holders.ts): when more than one action that
 * runs as a build (CodeBuild, Commands) will run. A run of one build would only pay for a holder alongside it.
 */
export function lendsNetworks(plan: PipelinePlan): boolean {
  const builds = actionsThatRun(plan).filter((a) => a.provider === 'CodeBuild' || a.provider === 'Commands');
  return builds.length > 1;
}

export interface OpenServices {
  services: ActionServices;
  /** Stops the local AWS endpoint and removes what the run created in the engine, when the runtime was opened here. */
  close(): Promise<void>;
}

export function createServices(
  ctx: PipelineContext,
  store: ExecutionStore,
  projects: Map<string, CodeBuildProject>,
  region: string,
  o: ServiceOptions,
): OpenServices {
  const runtime = lazyRuntime(o.runtime, () => openRuntime({ stateDir: ctx.state.root }));
  const { config } = ctx.config;
  // Local AWS stand-ins (docs/local-aws.md): builds reach them through AWS_ENDPOINT_URL (their
  // variables sit lowest, so a project can override them), deploy actions through services.localAws.
  const localAws = localAwsFor(ctx, runtime.handle, region, o.lendNetworks ?? false);
  if (o.policies) localAws.policies = o.policies;
  const services: ActionServices = {
    runtime: runtime.handle,
    workspace: ctx,
    localAws,
    buildHooks: {
      debug: debugHooks(ctx.state, { keep: false }),
      afterBuild: (b) => recordBuildEnd(ctx.state, b.id, b.buildStatus, false),
    },
    s3: new LocalS3Store(ctx.state.s3Root),
    state: ctx.state,
    config: ctx.config,
    store,
    accountId: config.accountId,
    region,
    projects,
    sourceOverrides: o.sourceOverrides ?? {},
    cwd: ctx.cwd,
    clock: o.clock ?? systemClock,
    approvals: o.approvals ?? {},
    ...(o.prompt ? { prompt: o.prompt } : {}),
    approvalPollMs: o.approvalPollMs ?? 500,
  };
  return {
    services,
    close: async () => {
      await localAws.close();
      await runtime.close();
    },
  };
}
