/**
 * Deployments of a local ECS service (docs/deploy.md). Both kinds start the new task next to the old
 * one and move traffic only once it is healthy, through the service's proxy (proxy.ts):
 *   rolling (ECS action):        new task healthy → traffic moves → old task stopped and removed;
 *   blue/green (CodeDeployToECS): green healthy on the test port → traffic moves → blue stopped after
 *                                the termination wait; a green that fails its checks is removed and
 *                                traffic never leaves blue (rollback).
 */
import { connect } from 'node:net';
import type { ContainerRuntime } from '../../runtime/index.js';
import type { LocalRegistry } from '../registry/registry.js';
import { waitHealthy, upstreamOf } from './health.js';
import { ensureProxy, type ServiceRef } from './proxy.js';
import { ServiceStore, type ServiceRecord } from './service-store.js';
import { findTasks, startTask, stopTask, type RunningTask } from './task.js';
import type { RegisteredTaskDefinition } from './task-definition.js';
import { holdImages, removeUnusedTaskImages } from './image-cleanup.js';
import { ensureTaskImage } from './task-images.js';

/** Longest wait for a new task that never answers, whatever DeploymentTimeout says. */
export const MAX_HEALTH_WAIT_MS = 5 * 60_000;

export interface DeployEnv {
  runtime: ContainerRuntime;
  stateRoot: string;
  network: string;
  ecrHost: string;
  registry(): Promise<LocalRegistry>;
  secret(valueFrom: string): string;
  log(line: string): void;
  signal?: AbortSignal;
  /** Why the action's role may not pull an image (a cross-account ECR repository policy), or undefined. */
  pullRefusal?(uri: string): string | undefined;
}

export interface ServiceSettings extends ServiceRef {
  /** Host port of the traffic listener; undefined = the service takes no traffic (no proxy). */
  port?: number;
  testPort?: number;
  healthCheckPath: string;
  terminationWaitSeconds: number;
}

export interface DeployRequest {
  service: ServiceSettings;
  taskDefinition: RegisteredTaskDefinition;
  /** The container and port traffic goes to; undefined when no container maps a port. */
  target?: { container: string; port: number };
  timeoutMs: number;
  kind: 'ECS' | 'CodeDeployToECS';
}

export type DeployOutcome = { ok: true; summary: string; url?: string } | { ok: false; summary: string };

async function waitListening(port: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect(port, '127.0.0.1');
      s.once('connect', () => (s.destroy(), resolve(true)));
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}

type ImageHold = ReturnType<typeof holdImages>;

async function localImages(
  env: DeployEnv,
  td: RegisteredTaskDefinition,
  hold: ImageHold,
): Promise<Record<string, string> | string> {
  const images: Record<string, string> = {};
  for (const c of td.definition.containerDefinitions) {
    const refused = env.pullRefusal?.(c.image);
    if (refused) return refused;
    const r = await ensureTaskImage(env, c.image);
    if (!r.ok) return r.reason;
    hold.add(r.ref);
    images[c.name] = r.ref;
  }
  return images;
}

/**
 * A deployment, then the images no task uses any more (the replaced task's, a failed new task's): ECS's
 * agent removes unused images from its instances too (docs/aws/ecs.md §1.2), and codelocal promises to leave
 * nothing behind (docs/endings.md). Right away rather than an hour later: a local run has no agent loop.
 */
export async function deploy(env: DeployEnv, req: DeployRequest): Promise<DeployOutcome> {
  const hold = holdImages();
  try {
    return await rollOut(env, req, hold);
  } finally {
    hold.release();
    try {
      const removed = await removeUnusedTaskImages({ runtime: env.runtime, stateRoot: env.stateRoot });
      for (const r of removed) if (!r.error) env.log(`removed the unused task image ${r.ref}`);
    } catch (e) {
      env.log(`codelocal: could not remove unused task images: ${(e as Error).message}`);
    }
  }
}

function record(req: DeployRequest, task: RunningTask, previous: ServiceRecord | undefined): ServiceRecord {
  const at = new Date().toISOString();
  return {
    cluster: req.service.cluster,
    name: req.service.name,
    taskDefinitionArn: req.taskDefinition.arn,
    target: req.target ?? { container: req.taskDefinition.definition.containerDefinitions[0]!.name, port: 0 },
    port: req.service.port ?? 0,
    ...(req.service.testPort ? { testPort: req.service.testPort } : {}),
    taskId: task.id,
    updatedAt: at,
    deployments: [
      ...(previous?.deployments ?? []).slice(-19),
      { taskDefinitionArn: req.taskDefinition.arn, at, kind: req.kind, status: 'PRIMARY' },
    ],
  };
}

async function rollOut(env: DeployEnv, req: DeployRequest, hold: ImageHold): Promise<DeployOutcome> {
  const store = new ServiceStore(env.stateRoot);
  const svc = req.service;
  const previous = store.get(svc.cluster, svc.name);
  const images = await localImages(env, req.taskDefinition, hold);
  if (typeof images === 'string') return { ok: false, summary: images };
  const old = await findTasks(env.runtime, svc);

  const blueGreen = req.kind === 'CodeDeployToECS';
  // The test listener exists whenever it is configured, so switching deployment kinds never recreates the proxy.
  const ports = svc.port && req.target ? [svc.port, ...(svc.testPort ? [svc.testPort] : [])] : [];
  const proxy = ports.length ? await ensureProxy(env.runtime, svc, env.network, ports) : undefined;
  const blueUpstream =
    req.target && old.length ? await upstreamOf(old[0]!, env.network, req.target).catch(() => undefined) : undefined;

  const color = blueGreen ? 'green ' : '';
  env.log(`starting ${color}task of ${req.taskDefinition.arn}`);
  const task = await startTask({
    runtime: env.runtime,
    service: svc,
    network: env.network,
    taskDefinition: req.taskDefinition,
    images,
    secret: env.secret,
  });
  const fail = async (why: string): Promise<DeployOutcome> => {
    await stopTask(task, 1);
    if (proxy && svc.port) await proxy.route({ [svc.port]: blueUpstream });
    const rolled = old.length
      ? blueGreen
        ? '; rolled back: traffic stays on the blue task'
        : '; the previous task keeps serving'
      : '';
    return { ok: false, summary: `${why}${rolled}` };
  };

  let health = { healthy: true } as Awaited<ReturnType<typeof waitHealthy>>;
  if (req.target) {
    if (blueGreen && proxy && svc.testPort) {
      await proxy.route({ [svc.port!]: blueUpstream, [svc.testPort]: await upstreamOf(task, env.network, req.target) });
      env.log(`green task answers on the test listener http://127.0.0.1:${svc.testPort}/`);
    }
    health = await waitHealthy(task, env.network, {
      target: req.target,
      path: svc.healthCheckPath,
      deadline: Date.now() + Math.min(req.timeoutMs, MAX_HEALTH_WAIT_MS),
      ...(env.signal ? { signal: env.signal } : {}),
      log: env.log,
    });
  }
  if (!health.healthy) return fail(`${color}task failed: ${health.reason}`);

  let url: string | undefined;
  if (proxy && req.target && svc.port) {
    const green = await upstreamOf(task, env.network, req.target);
    await proxy.route({ [svc.port]: green, ...(svc.testPort ? { [svc.testPort]: green } : {}) });
    await waitListening(svc.port);
    url = `http://127.0.0.1:${svc.port}/`;
    env.log(`traffic moved to the new task: ${url}`);
  }
  store.put(record(req, task, previous));
  if (old.length) {
    if (blueGreen && svc.terminationWaitSeconds > 0) {
      env.log(`blue task stops in ${svc.terminationWaitSeconds}s (termination wait)`);
      await new Promise((r) => setTimeout(r, svc.terminationWaitSeconds * 1000));
    }
    for (const t of old) await stopTask(t);
    env.log(`stopped the previous task${old.length > 1 ? 's' : ''}`);
  }
  const where = url ? ` at ${url}` : '';
  return {
    ok: true,
    summary: `service ${svc.name} (cluster ${svc.cluster}) runs ${req.taskDefinition.arn}${where}`,
    ...(url ? { url } : {}),
  };
}
