/**
 * Engine call tracing for profiling (docs/performance.md): with CODELOCAL_TRACE_ENGINE=1 every Docker API
 * request is written to stderr with the time since process start, its method and path, how long the engine
 * took to answer (headers, for streams) and the status; CODELOCAL_TRACE_ENGINE=stack adds who asked (the first
 * codelocal frames of the stack). Counting and timing round trips is how the per-build engine cost is
 * measured; off by default, and a no-op then (one environment read per client).
 */
import type Docker from 'dockerode';
import { performance } from 'node:perf_hooks';

type DialOptions = { method?: string; path?: string; hijack?: boolean; isStream?: boolean };
type DialCallback = (err: unknown, data: unknown) => void;
type Dialer = (options: DialOptions, callback: DialCallback) => unknown;

export function traceEngineCalls(docker: Docker, env: NodeJS.ProcessEnv = process.env): void {
  if (!env.CODELOCAL_TRACE_ENGINE) return;
  const modem = docker.modem as unknown as { dial: Dialer };
  const dial = modem.dial.bind(modem);
  modem.dial = (options, callback) => {
    const start = performance.now();
    const what = `${options.method ?? 'GET'} ${(options.path ?? '').replace(/\?.*$/, '')}`;
    const caller = env.CODELOCAL_TRACE_ENGINE === 'stack' ? ` <- ${callers()}` : '';
    return dial(options, (err, data) => {
      const took = (performance.now() - start).toFixed(1);
      const status = err ? `error ${(err as { statusCode?: number }).statusCode ?? ''}` : 'ok';
      process.stderr.write(`[engine] +${start.toFixed(0)}ms ${what} ${took}ms ${status}${caller}\n`);
      callback(err, data);
    });
  };
}

/** The codelocal functions on the stack (not dockerode's, not Node's), innermost first. */
function callers(): string {
  const frames = (new Error().stack ?? '').split('\n').slice(1);
  return frames
    .filter((f) => /:\d+:\d+\)?$/.test(f) && !/node_modules|node:|engine-trace\.[jt]s:/.test(f))
    .slice(0, 4)
    .map((f) =>
      f
        .trim()
        .replace(/^at /, '')
        .replace(/ \(.*\/([^/]+:\d+):\d+\)$/, ' $1'),
    )
    .join(' < ');
}
