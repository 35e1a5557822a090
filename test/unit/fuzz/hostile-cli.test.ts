/**
 * The hostile shapes through the CLI (issue 17: "66 runs exit 70 with a JavaScript stack trace, 10 run
 * past 30 s, 14 print more than 1 MB"): `build --dry-run`, `pipeline validate` and `lint` on each must end
 * with a codelocal exit code (2 for bad input, 1 for lint findings, never 70), print no stack trace, stay
 * under 1 MB of output and end within 30 s. Runs the built CLI (dist/, made by `npm run build` first).
 */
import { execa } from 'execa';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hostileShapes } from './mutations.js';

const CLI = join(process.cwd(), 'dist/cli/main.js');
const work = mkdtempSync(join(tmpdir(), 'codelocal-hostile-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const COMMANDS: Record<string, (file: string) => string[]> = {
  'build --dry-run': (file) => ['build', work, '-b', file, '--dry-run', '--state-dir', join(work, 'state')],
  'pipeline validate': (file) => ['pipeline', 'validate', file],
  lint: (file) => ['lint', file],
};

const STACK = /^\s+at .+\(.+:\d+:\d+\)$/m;

describe('hostile input through the CLI (issue 17)', () => {
  const cases = Object.entries(hostileShapes()).flatMap(([shape, text]) =>
    Object.keys(COMMANDS).map((command) => ({ shape, text, command })),
  );
  it.each(cases)('$command on $shape: a codelocal exit code, no stack trace, bounded output', async (c) => {
    const file = join(work, `${c.shape.replace(/\W+/g, '-')}.yml`);
    writeFileSync(file, c.text);
    const r = await execa('node', [CLI, ...COMMANDS[c.command]!(file)], {
      reject: false,
      stdin: 'ignore',
      timeout: 30_000,
      env: { NO_COLOR: '1' },
    });
    expect(r.timedOut).toBe(false);
    expect([0, 1, 2]).toContain(r.exitCode);
    expect(r.stderr).not.toMatch(STACK);
    expect(r.stdout.length + r.stderr.length).toBeLessThan(1024 * 1024);
  });
});
