/**
 * `build --watch` (issue #7, docs/debugging.md): a source change starts the build again within a
 * second (200 ms debounce), a change during a build stops it (STOPPED) and starts a new one, and
 * files the ignore rules leave out do not count.
 */
import { execa } from 'execa';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { watchBuilds } from '../../../src/api/watch.js';
import type { Build } from '../../../src/engine/codebuild/build-types.js';
import { describeDocker, getRuntime } from '../helpers.js';
import { CLI, tempDir, tree } from './pty.js';

const SPEC = `version: 0.2
phases:
  build:
    commands:
      - echo "input=$(cat input.txt)"
      - if grep -q slow input.txt; then sleep 60; fi
`;

async function until(cond: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describeDocker('build --watch (issue #7)', () => {
  it('re-runs within a second of a change, restarts on a change mid-build, ignores ignored files', async () => {
    const src = tree({ 'buildspec.yml': SPEC, 'input.txt': 'one\n', '.gitignore': 'ignored.txt\n' });
    const starts: { run: number; at: number; changed: string[] }[] = [];
    const ends: { build: Build; log: string }[] = [];
    let log = '';
    const stop = new AbortController();
    const watching = watchBuilds({
      sourceDir: src,
      stateDir: tempDir('codelocal-watch-state-'),
      runtime: await getRuntime(),
      until: stop.signal,
      output: (t) => (log += t),
      onRunStart: (i) => {
        starts.push({ ...i, at: Date.now() });
        log = '';
      },
      onRunEnd: (build) => ends.push({ build, log }),
    });
    try {
      await until(() => ends.length === 1, 60_000, 'the first build');
      expect(ends[0].log).toContain('input=one');

      // A change: a new build starts within a second (generous bound; the debounce is 200 ms).
      const changedAt = Date.now();
      writeFileSync(join(src, 'input.txt'), 'two\n');
      await until(() => starts.length === 2, 5_000, 'a second run');
      expect(starts[1].at - changedAt).toBeLessThan(1000);
      expect(starts[1].changed).toContain(join(src, 'input.txt'));
      await until(() => ends.length === 2, 60_000, 'the second build');
      expect(ends[1].build.buildStatus).toBe('SUCCEEDED');
      expect(ends[1].log).toContain('input=two');

      // A change while a build runs stops it and starts another.
      writeFileSync(join(src, 'input.txt'), 'slow\n');
      await until(() => starts.length === 3 && log.includes('input=slow'), 30_000, 'the slow build');
      writeFileSync(join(src, 'input.txt'), 'three\n');
      await until(() => ends.length === 4, 60_000, 'the restarted build');
      expect(ends[2].build.buildStatus).toBe('STOPPED');
      expect(ends[3].build.buildStatus).toBe('SUCCEEDED');
      expect(ends[3].log).toContain('input=three');

      // An ignored file does not count.
      writeFileSync(join(src, 'ignored.txt'), 'x\n');
      await new Promise((r) => setTimeout(r, 800));
      expect(starts).toHaveLength(4);
    } finally {
      stop.abort();
      await watching;
    }
  });

  it('codelocal build --watch: builds, builds again on a change, Ctrl-C ends it and removes its containers', async () => {
    const src = tree({ 'buildspec.yml': SPEC, 'input.txt': 'one\n' });
    const proc = execa('node', [CLI, 'build', src, '--watch', '--state-dir', tempDir('codelocal-watch-state-')], {
      reject: false,
      stdin: 'ignore',
      env: { NO_COLOR: '1' },
    });
    let out = '';
    proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    try {
      await until(() => /Build SUCCEEDED/.test(out), 60_000, 'the first build');
      writeFileSync(join(src, 'input.txt'), 'slow\n');
      await until(() => out.includes('building again') && out.includes('input=slow'), 30_000, 'the second build');
      proc.kill('SIGINT');
      const r = await proc;
      expect(r.exitCode).toBe(130);
      const left = (await (await getRuntime()).listResources()).filter(
        (x) => x.kind === 'container' && x.labels['codelocal.pid'] === String(proc.pid),
      );
      expect(left).toEqual([]);
    } finally {
      proc.kill('SIGKILL');
    }
  });
});
