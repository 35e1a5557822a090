import { describe, expect, it, vi } from 'vitest';
import { installCleanupOnSignals, exitCodeForSignal } from '../../../src/runtime/index.js';
import { EXIT_CLOSED_PIPE, onStopRequest, requestStop } from '../../../src/util/index.js';

describe('closed-output stop requests', () => {
  it('reports that nobody listens when nothing runs (the CLI then exits 141 at once)', () => {
    expect(requestStop('SIGPIPE')).toBe(false);
    expect(EXIT_CLOSED_PIPE).toBe(141);
  });

  it('reaches every handler, even past one that throws, until removed', () => {
    const seen: string[] = [];
    const off1 = onStopRequest(() => {
      throw new Error('boom');
    });
    const off2 = onStopRequest((r) => seen.push(r));
    expect(requestStop('SIGPIPE')).toBe(true);
    expect(seen).toEqual(['SIGPIPE']);
    off1();
    off2();
    expect(requestStop('SIGPIPE')).toBe(false);
  });
});

describe('signal cleanup', () => {
  it('a closed stdout stops the run first, then cleans up and exits 141', async () => {
    const order: string[] = [];
    const exited = new Promise<number>((resolve) => {
      const uninstall = installCleanupOnSignals(
        { cleanup: async () => void order.push('cleanup') },
        {
          stopRun: async (s) => void order.push(`stop ${s}`),
          exit: (code) => {
            uninstall();
            resolve(code);
          },
        },
      );
    });
    requestStop('SIGPIPE');
    expect(await exited).toBe(141);
    expect(order).toEqual(['stop SIGPIPE', 'cleanup']);
  });

  it('a stop that hangs is given up after the grace period; the cleanup still runs', async () => {
    const cleanup = vi.fn(async () => undefined);
    const code = await new Promise<number>((resolve) => {
      const uninstall = installCleanupOnSignals(
        { cleanup },
        {
          stopRun: () => new Promise(() => undefined),
          graceMs: 20,
          exit: (c) => {
            uninstall();
            resolve(c);
          },
        },
      );
      requestStop('SIGPIPE');
    });
    expect(code).toBe(141);
    expect(cleanup).toHaveBeenCalledOnce();
  });

  it('uses the shells’ codes: 128 + the signal number', () => {
    expect([exitCodeForSignal('SIGINT'), exitCodeForSignal('SIGTERM'), exitCodeForSignal('SIGPIPE')]).toEqual([
      130, 143, 141,
    ]);
  });
});
