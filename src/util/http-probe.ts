/**
 * One plain HTTP GET for a readiness or health probe: the status, or why there was none. node:http, not
 * `fetch`: the first `fetch` of a process loads undici and compiles its WebAssembly HTTP parser, 15–20 ms
 * that a pipeline run paid at its start only to ask the local registry whether it is up (docs/performance.md,
 * change 15). No keep-alive agent, so nothing keeps the process alive afterwards.
 */
import { request } from 'node:http';

export type ProbeResult = { status: number } | { error: string };

export function probeHttp(url: string, timeoutMs = 2_000): Promise<ProbeResult> {
  return new Promise((resolve) => {
    const req = request(url, { method: 'GET', agent: false, timeout: timeoutMs }, (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0 });
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (e) => resolve({ error: e.message }));
    req.end();
  });
}
