/**
 * When is a new task ready for traffic? As ECS with a load balancer decides it, locally:
 *   - every essential container is running (one that exits fails the task at once);
 *   - containers with a task-definition healthCheck report Docker health `healthy`;
 *   - the target container answers an HTTP GET of the health-check path (default `/`) with 200-399,
 *     like a target group's default matcher. Three wrong answers in a row fail the task; no answer
 *     at all keeps it waiting until the deadline.
 */
import { probeHttp } from '../../util/index.js';
import type { RunningTask } from './task.js';

export type HealthResult = { healthy: true } | { healthy: false; reason: string };

export interface HealthOptions {
  /** The target container's name and port, probed at its address on the network. */
  target: { container: string; port: number };
  path: string;
  deadline: number;
  signal?: AbortSignal;
  intervalMs?: number;
  log?: (line: string) => void;
}

async function httpStatus(host: string, port: number, path: string): Promise<number | undefined> {
  const r = await probeHttp(`http://${host.includes(':') ? `[${host}]` : host}:${port}${path}`);
  return 'status' in r ? r.status : undefined;
}

export async function waitHealthy(task: RunningTask, network: string, o: HealthOptions): Promise<HealthResult> {
  const interval = o.intervalMs ?? 500;
  let wrong = 0;
  let lastStatus: number | undefined;
  for (;;) {
    if (o.signal?.aborted) return { healthy: false, reason: 'stopped' };
    let dockerHealthy = true;
    let targetIp: string | undefined;
    for (const c of task.containers) {
      const s = await c.container.inspect();
      if (!s.running && c.essential) {
        return {
          healthy: false,
          reason: `Essential container in task exited: ${c.name} (exit code ${s.exitCode ?? '?'})`,
        };
      }
      if (c.hasHealthCheck && s.health === 'unhealthy')
        return { healthy: false, reason: `container ${c.name} is unhealthy (task definition healthCheck)` };
      if (c.hasHealthCheck && s.health !== 'healthy') dockerHealthy = false;
      if (c.name === o.target.container) targetIp = s.networks[network];
    }
    if (!targetIp) return { healthy: false, reason: `the task has no container ${o.target.container} on ${network}` };
    if (dockerHealthy) {
      const status = await httpStatus(targetIp, o.target.port, o.path);
      if (status !== undefined && status >= 200 && status < 400) return { healthy: true };
      if (status !== undefined) {
        wrong++;
        lastStatus = status;
        o.log?.(`health check GET ${o.path} on ${o.target.container}:${o.target.port} answered ${status}`);
        if (wrong >= 3)
          return {
            healthy: false,
            reason: `health checks failed: GET ${o.path} answered HTTP ${status} (3 times in a row)`,
          };
      } else wrong = 0;
    }
    if (Date.now() >= o.deadline) {
      return {
        healthy: false,
        reason: `the task did not become healthy in time (${lastStatus ? `last answer HTTP ${lastStatus}` : `no answer on port ${o.target.port}`})`,
      };
    }
    await new Promise((r) => setTimeout(r, interval));
  }
}

/** The target container's `ip:port` on the network (what the proxy forwards to). */
export async function upstreamOf(
  task: RunningTask,
  network: string,
  target: { container: string; port: number },
): Promise<string> {
  const c = task.containers.find((x) => x.name === target.container);
  const ip = c ? (await c.container.inspect()).networks[network] : undefined;
  if (!ip) throw new Error(`the task has no container ${target.container} on ${network}`);
  return `${ip}:${target.port}`;
}
