/**
 * Live output of builds running side by side: each complete line gets its member's `[identifier] ` prefix.
 * Chunks from the engine can end mid-line, so the unfinished tail waits for the rest (or for `flush`);
 * otherwise two builds' half lines would interleave into one.
 */
import type { LogSink } from '../codebuild/index.js';

export interface PrefixedSink {
  write: LogSink;
  /** Writes a pending partial line (with a newline); call once the build has ended. */
  flush(): void;
}

export function prefixedSink(identifier: string, sink: LogSink): PrefixedSink {
  const prefix = `[${identifier}] `;
  let pending = '';
  return {
    write(text) {
      const lines = (pending + text).split('\n');
      pending = lines.pop() ?? '';
      if (lines.length > 0) sink(lines.map((l) => prefix + l + '\n').join(''));
    },
    flush() {
      if (pending !== '') sink(prefix + pending + '\n');
      pending = '';
    },
  };
}
