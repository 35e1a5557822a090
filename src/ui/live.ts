/**
 * Server-sent events for the pages (docs/ui.md, "Live updates"): the execution stream sends the whole
 * execution view again whenever the history database changes and the view differs from what was last
 * sent; the log stream sends a log file's text, then what is appended. Both are driven by fs.watch
 * (file-watch.ts), so a run in another `codelocal` process is followed as closely as one in this server.
 */
import type { Context } from 'hono';
import { streamSSE, type SSEStreamingApi } from 'hono/streaming';
import { tailFile, watchFolder } from './file-watch.js';

/** Writes events in order (writeSSE is async; a burst of log chunks must not interleave). */
function sender(stream: SSEStreamingApi) {
  let chain = Promise.resolve();
  return (event: string, data: string) => {
    chain = chain.then(() => stream.writeSSE({ event, data })).catch(() => undefined);
  };
}

/** Re-reads `read()` when a file of `dir` named `executions.db*` changes; sends it when it differs. */
export function snapshotStream(c: Context, dir: string, event: string, read: () => unknown, delayMs = 20): Response {
  return streamSSE(c, async (stream) => {
    const send = sender(stream);
    let last = '';
    const refresh = () => {
      let json: string;
      try {
        json = JSON.stringify(read());
      } catch {
        return; // a read during a half-written change: the next change event reads again
      }
      if (json !== last) send(event, (last = json));
    };
    refresh();
    const stop = watchFolder(dir, (f) => f.startsWith('executions.db'), refresh, delayMs);
    await new Promise<void>((resolve) => stream.onAbort(resolve));
    stop();
  });
}

/** A log file as events: `log` with a JSON string of text each time the file grows. */
export function logStream(c: Context, path: string): Response {
  return streamSSE(c, async (stream) => {
    const send = sender(stream);
    const stop = tailFile(path, (text) => send('log', JSON.stringify(text)));
    await new Promise<void>((resolve) => stream.onAbort(resolve));
    stop();
  });
}
