/**
 * Delivers events to the targets of codelocal.yml `events.targets` (docs/events.md): a command gets the event
 * JSON on stdin, a URL gets it POSTed. Each target receives its events one at a time, in order; a target that
 * fails or hangs is reported and skipped for that event, and never fails the run that produced it.
 */
import { spawn } from 'node:child_process';
import { matchesEventPattern, type AwsEvent } from '../model/index.js';
import type { EventTargetConfig } from '../workspace/index.js';

/** How long one delivery may take before it counts as failed (a target must not hold a run forever). */
export const TARGET_TIMEOUT_MS = 30_000;

export interface TargetOptions {
  /** Where commands run (the project root). */
  cwd: string;
  /** Told about each failed delivery, in words. */
  onFailure: (message: string) => void;
  timeoutMs?: number;
}

export interface TargetDispatcher {
  /** Queues the event for every target whose pattern matches it; returns at once. */
  deliver(event: AwsEvent): void;
  /** Resolves when every queued delivery has ended. */
  flush(): Promise<void>;
}

const tail = (text: string) => text.trim().split('\n').slice(-3).join(' | ');

function runCommand(command: string, body: string, cwd: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', command], { cwd, stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString('utf8')).slice(-2000)));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`did not finish within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`exited with ${code ?? signal}${stderr ? `: ${tail(stderr)}` : ''}`));
    });
    // A command that does not read its stdin closes it early: that is its choice, not a failure.
    child.stdin.on('error', () => undefined);
    child.stdin.end(`${body}\n`);
  });
}

async function postJson(url: string, body: string, timeoutMs: number): Promise<void> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    signal: AbortSignal.timeout(timeoutMs),
  });
  await res.arrayBuffer().catch(() => undefined);
  if (!res.ok) throw new Error(`answered HTTP ${res.status}`);
}

function describe(t: EventTargetConfig): string {
  return t.command !== undefined ? `command "${t.command}"` : `url ${t.url}`;
}

export function eventTargets(targets: readonly EventTargetConfig[], o: TargetOptions): TargetDispatcher {
  const timeoutMs = o.timeoutMs ?? TARGET_TIMEOUT_MS;
  // One chain per target keeps its events in order without making targets wait for each other.
  const chains = targets.map(() => Promise.resolve());
  return {
    deliver(event) {
      targets.forEach((t, i) => {
        if (t.pattern && !matchesEventPattern(t.pattern, event)) return;
        const body = JSON.stringify(event);
        chains[i] = chains[i]!.then(async () => {
          try {
            if (t.command !== undefined) await runCommand(t.command, body, o.cwd, timeoutMs);
            else if (t.url !== undefined) await postJson(t.url, body, timeoutMs);
          } catch (e) {
            o.onFailure(
              `events target ${describe(t)} ${(e as Error).message} (event ${event['detail-type']} ${event.id})`,
            );
          }
        });
      });
    },
    async flush() {
      // Deliveries queued while waiting are waited for too.
      let seen: Promise<void>[];
      do {
        seen = [...chains];
        await Promise.all(seen);
      } while (chains.some((c, i) => c !== seen[i]));
    },
  };
}
