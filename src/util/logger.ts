/**
 * Structured logging for codelocal's own diagnostics (not build output).
 * Human mode writes short lines to stderr; `--log-format json` makes every line a pino JSON record.
 */
import pino, { type Logger } from 'pino';

export type LogFormat = 'text' | 'json';

let current: Logger | undefined;

export function createLogger(options: { format?: LogFormat; level?: string } = {}): Logger {
  const level = options.level ?? process.env.CODELOCAL_LOG_LEVEL ?? 'info';
  if (options.format === 'json') {
    return pino({ level, base: { tool: 'codelocal' } }, pino.destination(2));
  }
  // Text mode: no pino-pretty dependency; a tiny synchronous formatter keeps start-up fast.
  return pino(
    {
      level,
      base: undefined,
      timestamp: false,
      formatters: { level: (label) => ({ level: label }) },
    },
    {
      write(msg: string) {
        try {
          const rec = JSON.parse(msg) as { level: string; msg?: string };
          const prefix = rec.level === 'info' ? '' : `${rec.level}: `;
          process.stderr.write(`codelocal: ${prefix}${rec.msg ?? ''}\n`);
        } catch {
          process.stderr.write(msg);
        }
      },
    },
  );
}

/** The process-wide logger (created on first use, replaced by the CLI according to flags). */
export function logger(): Logger {
  current ??= createLogger();
  return current;
}

export function setLogger(l: Logger): void {
  current = l;
}
