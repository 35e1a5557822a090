/**
 * Structured logging for codelocal's own diagnostics (not build output).
 * Human mode writes short lines to stderr; `--log-format json` makes every line a pino JSON record.
 * pino itself is loaded only in JSON mode: evaluating it cost every command 8–18 ms of start-up for text lines
 * a few lines of code write just as well (docs/performance.md, "pino start-up").
 */
import { createRequire } from 'node:module';
import type { default as pinoFactory, Logger as PinoLogger } from 'pino';

export type LogFormat = 'text' | 'json';

type LogMethod = (objOrMsg: unknown, msg?: string) => void;

/** What codelocal calls on a logger: pino's methods of the same names, with the same arguments. */
export interface Logger {
  level: string;
  trace: LogMethod;
  debug: LogMethod;
  info: LogMethod;
  warn: LogMethod;
  error: LogMethod;
  fatal: LogMethod;
}

/** pino's level numbers: a line is written when its level is at or above the logger's. */
const LEVELS = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 } as const;
type LevelName = keyof typeof LEVELS;

let current: Logger | undefined;

/** Text mode, as the pino formatter it replaces printed it: `codelocal: [level: ]msg`, the object left out. */
function textLogger(level: string): Logger {
  // pino's `silent` (and any unknown name) is above every level: nothing is written.
  const threshold = level in LEVELS ? LEVELS[level as LevelName] : Infinity;
  const method =
    (name: LevelName): LogMethod =>
    (objOrMsg, msg) => {
      if (LEVELS[name] < threshold) return;
      const text = typeof objOrMsg === 'string' ? objOrMsg : (msg ?? '');
      process.stderr.write(`codelocal: ${name === 'info' ? '' : `${name}: `}${text}\n`);
    };
  return {
    level,
    trace: method('trace'),
    debug: method('debug'),
    info: method('info'),
    warn: method('warn'),
    error: method('error'),
    fatal: method('fatal'),
  };
}

export function createLogger(options: { format?: LogFormat; level?: string } = {}): Logger {
  const level = options.level ?? process.env.CODELOCAL_LOG_LEVEL ?? 'info';
  if (options.format === 'json') {
    // Synchronous and outside the bundle on purpose: only `--log-format json` pays for loading pino.
    const pino = createRequire(import.meta.url)('pino') as typeof pinoFactory;
    return pino({ level, base: { tool: 'codelocal' } }, pino.destination(2)) as PinoLogger as Logger;
  }
  return textLogger(level);
}

/** The process-wide logger (created on first use, replaced by the CLI according to flags). */
export function logger(): Logger {
  current ??= createLogger();
  return current;
}

export function setLogger(l: Logger): void {
  current = l;
}
