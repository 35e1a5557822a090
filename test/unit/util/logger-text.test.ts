/**
 * The text logger replaced pino in text mode (start-up, docs/performance.md): its lines must stay what the
 * pino formatter printed (`codelocal: [level: ]msg`, objects left out) and pino's level filter must hold.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../../src/util/logger.js';

function captureStderr(): { lines: () => string; restore: () => void } {
  const chunks: string[] = [];
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    chunks.push(String(chunk));
    return true;
  });
  return { lines: () => chunks.join(''), restore: () => spy.mockRestore() };
}

describe('text logger', () => {
  let cap: ReturnType<typeof captureStderr> | undefined;
  afterEach(() => cap?.restore());

  it('prints info bare, other levels with their name, and only the message of (obj, msg)', () => {
    cap = captureStderr();
    const log = createLogger({ format: 'text', level: 'debug' });
    log.info('removed 2 leftover resource(s)');
    log.warn('careful');
    log.debug({ err: new Error('x') }, 'could not write f');
    expect(cap.lines()).toBe(
      'codelocal: removed 2 leftover resource(s)\ncodelocal: warn: careful\ncodelocal: debug: could not write f\n',
    );
  });

  it('drops lines below the level, as pino does; silent drops everything', () => {
    cap = captureStderr();
    createLogger({ format: 'text', level: 'warn' }).info('hidden');
    createLogger({ format: 'text', level: 'warn' }).error('shown');
    createLogger({ format: 'text', level: 'silent' }).fatal('hidden too');
    expect(cap.lines()).toBe('codelocal: error: shown\n');
  });

  it('JSON mode still loads pino and writes its records', () => {
    const log = createLogger({ format: 'json', level: 'info' });
    expect(typeof (log as unknown as { child: unknown }).child).toBe('function');
    expect(log.level).toBe('info');
  });
});
