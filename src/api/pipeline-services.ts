/**
 * Wires the engine's ActionServices to the real stores, the build API and a container runtime
 * opened on first use (an approval-only or source-only run never needs Docker).
 */
import type { CodeBuildProject } from '../model/project-types.js';
import { loadProjects } from '../model/project.js';
import type { ContainerRuntime } from '../runtime/types.js';
import { LocalS3Store } from '../stores/s3-store.js';
import type { ExecutionStore } from '../stores/execution-store.js';
import type { SourceOverride } from '../plan/pipeline-plan.js';
import type { ActionServices, ApprovalDecision, Clock, PipelineBuild } from '../engine/pipeline/types.js';
import { systemClock } from '../engine/pipeline/types.js';
import { runBuild } from './build.js';
import { openRuntime } from './runtime-session.js';
import { LocalAws, bindLocalAws } from '../local-aws/local-aws.js';
import { logger } from '../util/logger.js';
import type { PipelineContext } from './pipeline-context.js';

export interface ServiceOptions {
  runtime?: ContainerRuntime;
  sourceOverrides?: Record<string, SourceOverride>;
  approvals?: Record<string, ApprovalDecision>;
  prompt?: ActionServices['prompt'];
  clock?: Clock;
  approvalPollMs?: number;
}

/** Projects by name: the pipeline template's, then config `projects:`, then `--projects` files (later wins). */
export function collectProjects(
  ctx: PipelineContext,
  fromTemplate: Map<string, CodeBuildProject>,
  files: string[],
): Map<string, CodeBuildProject> {
  const out = new Map(fromTemplate);
  const { accountId, region } = ctx.config.config;
  for (const file of [...ctx.config.config.projects, ...files]) {
    for (const [name, p] of loadProjects(file, { accountId, region })) out.set(name, p);
  }
  return out;
}

export interface OpenServices {
  services: ActionServices;
  /** Removes what the run created in the engine, when the runtime was opened here. */
  close(): Promise<void>;
}

export function createServices(
  ctx: PipelineContext,
  store: ExecutionStore,
  projects: Map<string, CodeBuildProject>,
  region: string,
  o: ServiceOptions,
): OpenServices {
  let opened: Promise<ContainerRuntime> | undefined;
  const runtime = () =>
    o.runtime ? Promise.resolve(o.runtime) : (opened ??= openRuntime({ stateDir: ctx.state.root }));
  const { config } = ctx.config;
  // Local AWS stand-ins (docs/local-aws.md): builds reach them through AWS_ENDPOINT_URL, deploy
  // actions through localAwsOf(services). Its variables sit lowest, so a project can override them.
  const localAws = new LocalAws({
    runtime,
    accountId: config.accountId,
    region,
    s3Root: ctx.state.s3Root,
    stubs: { projectRoot: ctx.config.projectRoot, stateDir: ctx.state.root, files: config.stubs },
    log: (line) => logger().info(line),
  });
  const build = async (b: PipelineBuild) =>
    runBuild({
      sourceDir: b.sourceDir,
      project: {
        ...b.project,
        environment: {
          ...b.project.environment,
          environmentVariables: [...(await localAws.buildEnvironment()), ...b.project.environment.environmentVariables],
        },
      },
      ...(b.buildspec !== undefined ? { buildspec: b.buildspec } : {}),
      envOverrides: b.envOverrides,
      request: b.request,
      output: b.output,
      signal: b.signal,
      runtime: await localAws.buildRuntime(),
      stateDir: ctx.state.root,
      // Builds run from temp folders: this project's codelocal.yml (account, region, images,
      // stubs, env) applies to them.
      projectRoot: ctx.config.projectRoot,
    });
  const services: ActionServices = {
    runtime,
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
    runBuild: build,
    approvalPollMs: o.approvalPollMs ?? 500,
  };
  bindLocalAws(services, localAws);
  return {
    services,
    close: async () => {
      await localAws.close();
      if (opened) await (await opened).cleanup();
    },
  };
}
