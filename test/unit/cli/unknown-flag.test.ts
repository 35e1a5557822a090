/**
 * An unknown flag prints its one-line error and the nearest flag, not the whole help after it,
 * and `batch --help` names only examples that exist (issue 17).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../../src/cli/main.js';

afterEach(() => {
  process.exitCode = undefined;
});

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
  try {
    return { code: await main(['node', 'codelocal', ...args]), out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

describe('unknown flags', () => {
  it('one error line with the nearest flag; no help text after it', async () => {
    const r = await run('build', '--jsn');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/error: unknown option '--jsn'/);
    expect(r.err).toMatch(/Did you mean --json\?/);
    expect(r.err).not.toMatch(/Usage:/);
    expect(r.err.trim().split('\n').length).toBeLessThanOrEqual(2);
  });
});

describe('batch --help', () => {
  it('names no example folder that does not exist', async () => {
    const r = await run('batch', '--help');
    expect(r.out + r.err).not.toMatch(/examples\/matrix/);
  });
});
