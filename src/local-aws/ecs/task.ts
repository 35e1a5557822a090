/**
 * A local ECS task: one container per container definition, on codelocal-aws, labelled with the
 * service and task id and kept (a service outlives the run). Task definition settings a local
 * container can honour are mapped (environment, secrets from the stubs, command, entry point,
 * working directory, user, healthCheck); the rest (cpu, memory, roles, awsvpc) is ignored.
 */
import { randomBytes } from 'node:crypto';
import { LABEL_ROLE, type Container, type ContainerRuntime, type ContainerSpec } from '../../runtime/index.js';
import { LABEL_SERVICE, serviceLabel, serviceNamePrefix, serviceScopeLabels, type ServiceRef } from './proxy.js';
import type { ContainerDefinition, RegisteredTaskDefinition } from './task-definition.js';

export const ROLE_ECS_TASK = 'ecs-task';
export const LABEL_TASK = 'codelocal.ecs.task';
const LABEL_TASK_DEFINITION = 'codelocal.ecs.task-definition';
const LABEL_CONTAINER = 'codelocal.ecs.container';
/** The image name the container was created from: a pulled image stays while some task's label names it (image-cleanup.ts). */
export const LABEL_IMAGE = 'codelocal.ecs.image';

export interface RunningTask {
  id: string;
  containers: { name: string; container: Container; essential: boolean; hasHealthCheck: boolean }[];
}

export interface StartTaskOptions {
  runtime: ContainerRuntime;
  service: ServiceRef;
  network: string;
  taskDefinition: RegisteredTaskDefinition;
  /** Local image reference per container name (after pulling from the local ECR). */
  images: Record<string, string>;
  /** Resolves a `secrets[].valueFrom` (SSM parameter or Secrets Manager ARN/name). */
  secret(valueFrom: string): string;
}

function healthcheckOf(c: ContainerDefinition): ContainerSpec['healthcheck'] {
  const h = c.healthCheck;
  if (!h?.command?.length) return undefined;
  const [kind, ...rest] = h.command;
  // ECS writes ["CMD-SHELL", "curl ..."] or ["CMD", ...], exactly Docker's Test forms.
  const test = kind === 'CMD-SHELL' || kind === 'CMD' ? [kind, ...rest] : ['CMD', ...h.command];
  return {
    test,
    intervalMs: (h.interval ?? 30) * 1000,
    timeoutMs: (h.timeout ?? 5) * 1000,
    retries: h.retries ?? 3,
    startPeriodMs: (h.startPeriod ?? 0) * 1000,
  };
}

export async function startTask(o: StartTaskOptions): Promise<RunningTask> {
  const id = randomBytes(16).toString('hex');
  const td = o.taskDefinition;
  const task: RunningTask = { id, containers: [] };
  try {
    for (const def of td.definition.containerDefinitions) {
      const env: Record<string, string> = {};
      for (const e of def.environment ?? []) env[e.name] = e.value;
      for (const s of def.secrets ?? []) env[s.name] = o.secret(s.valueFrom);
      const healthcheck = healthcheckOf(def);
      const image = o.images[def.name] ?? def.image;
      const c = await o.runtime.createContainer({
        image,
        name: `${serviceNamePrefix(o.service)}-${td.revision}-${def.name}-${id.slice(0, 6)}`.replace(
          /[^A-Za-z0-9_.-]/g,
          '-',
        ),
        ...(def.entryPoint ? { entrypoint: def.entryPoint } : {}),
        ...(def.command ? { cmd: def.command } : {}),
        env,
        ...(def.workingDirectory ? { workingDir: def.workingDirectory } : {}),
        ...(def.user ? { user: def.user } : {}),
        ...(healthcheck ? { healthcheck } : {}),
        labels: {
          ...serviceScopeLabels(o.service),
          [LABEL_ROLE]: ROLE_ECS_TASK,
          [LABEL_SERVICE]: serviceLabel(o.service),
          [LABEL_TASK]: id,
          [LABEL_TASK_DEFINITION]: td.arn,
          [LABEL_CONTAINER]: def.name,
          [LABEL_IMAGE]: image,
        },
        keep: true,
        init: true,
        network: o.network,
      });
      task.containers.push({
        name: def.name,
        container: c,
        essential: def.essential !== false,
        hasHealthCheck: Boolean(healthcheck),
      });
    }
    for (const c of task.containers) await c.container.start();
    return task;
  } catch (e) {
    await stopTask(task);
    throw e;
  }
}

/** Stops and removes a task's containers (the old task of a deployment, or a failed new one). */
export async function stopTask(task: RunningTask, graceSeconds = 10): Promise<void> {
  await Promise.all(
    task.containers.map(async (c) => {
      await c.container.stop(graceSeconds).catch(() => undefined);
      await c.container.remove().catch(() => undefined);
    }),
  );
}

/** The service's running task(s), found by label (a crashed deploy may have left more than one). */
export async function findTasks(runtime: ContainerRuntime, service: ServiceRef): Promise<RunningTask[]> {
  const refs = await runtime.listResources({
    // Another project's service of the same name is not ours (its containers carry its state folder).
    labels: { ...serviceScopeLabels(service), [LABEL_ROLE]: ROLE_ECS_TASK, [LABEL_SERVICE]: serviceLabel(service) },
  });
  const byTask = new Map<string, RunningTask>();
  for (const r of refs) {
    if (r.kind !== 'container') continue;
    const id = r.labels[LABEL_TASK] ?? r.id;
    const c = await runtime.getContainer(r.id);
    if (!c) continue;
    const t = byTask.get(id) ?? { id, containers: [] };
    t.containers.push({
      name: r.labels[LABEL_CONTAINER] ?? r.name,
      container: c,
      essential: true,
      hasHealthCheck: false,
    });
    byTask.set(id, t);
  }
  return [...byTask.values()];
}
