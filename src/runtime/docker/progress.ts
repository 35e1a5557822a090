/**
 * The engine's JSON progress streams (build, import, pull): one JSON object per line. Errors arrive *inside*
 * the stream with HTTP 200 (`{"error": ..., "errorDetail": {...}}`), so they must be looked for explicitly.
 */

export interface ProgressMessage {
  stream?: string;
  status?: string;
  progress?: string;
  id?: string;
  aux?: { ID?: string };
  error?: string;
  errorDetail?: { code?: number; message?: string };
}

export class ProgressStreamError extends Error {
  constructor(
    message: string,
    readonly messages: ProgressMessage[],
  ) {
    super(message);
    this.name = 'ProgressStreamError';
  }
}

/** Human text of one message, as `docker build` would print it (undefined when there is nothing to show). */
export function progressText(m: ProgressMessage): string | undefined {
  if (m.stream !== undefined) return m.stream.replace(/\n$/, '');
  if (m.status !== undefined) return [m.id, m.status, m.progress].filter(Boolean).join(' ');
  return undefined;
}

/** Reads a progress stream to its end; rejects with the engine's errorDetail when it reports one. */
export async function readProgress(
  stream: AsyncIterable<unknown>,
  onMessage?: (m: ProgressMessage) => void,
): Promise<ProgressMessage[]> {
  const messages: ProgressMessage[] = [];
  let rest = '';
  const handle = (line: string) => {
    if (!line.trim()) return;
    let m: ProgressMessage;
    try {
      m = JSON.parse(line) as ProgressMessage;
    } catch {
      m = { stream: line }; // not JSON: keep the text rather than lose it
    }
    messages.push(m);
    onMessage?.(m);
  };
  for await (const chunk of stream) {
    rest += Buffer.isBuffer(chunk) ? chunk.toString('utf8') : String(chunk);
    const lines = rest.split(/\r?\n/);
    rest = lines.pop() ?? '';
    lines.forEach(handle);
  }
  handle(rest);
  const failed = messages.find((m) => m.error !== undefined || m.errorDetail !== undefined);
  if (failed) throw new ProgressStreamError(failed.errorDetail?.message ?? failed.error ?? 'unknown error', messages);
  return messages;
}
