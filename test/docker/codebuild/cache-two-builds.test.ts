/**
 * The buildspec cache across two whole builds (docs/aws/codebuild.md §1.11, issue 11): paths relative to
 * the source (`deps/**\/*`) come back in the next build although every build has a source folder of its
 * own; with a key made by `codebuild-hash-files`, with fallback keys, and without a key. A key whose
 * command fails ends DOWNLOAD_SOURCE (docs/fidelity.md).
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { runBuild } from '../../../src/api/build.js';
import type { Build } from '../../../src/engine/codebuild/build-types.js';
import { describeDocker, getRuntime } from '../helpers.js';

const made: string[] = [];
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

/** One source folder and one state folder shared by the builds of a test (same project, same cache). */
function workspace(files: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'codelocal-cache-src-'));
  const state = mkdtempSync(join(tmpdir(), 'codelocal-cache-state-'));
  made.push(dir, state);
  const write = (f: Record<string, string>) => {
    for (const [path, content] of Object.entries(f)) writeFileSync(join(dir, path), content);
  };
  write(files);
  const build = async (): Promise<{ build: Build; log: string }> => {
    let log = '';
    const b = await runBuild({
      sourceDir: dir,
      stateDir: state,
      runtime: await getRuntime(),
      output: (t) => (log += t),
    });
    return { build: b, log };
  };
  return { build, write };
}

/** Restores or creates deps/ (relative to the source) and an absolute folder, and says which. */
const COMMANDS = `phases:
  build:
    commands:
      - if [ -f deps/sub/a.txt ]; then echo "restored deps $(cat deps/sub/a.txt)"; else mkdir -p deps/sub && echo v1 > deps/sub/a.txt && echo "fresh deps"; fi
      - if [ -f /root/.codelocal-test/b.txt ]; then echo "restored abs $(cat /root/.codelocal-test/b.txt)"; else mkdir -p /root/.codelocal-test && echo w1 > /root/.codelocal-test/b.txt; fi
`;

const PATHS = `  paths:
    - 'deps/**/*'
    - '/root/.codelocal-test/**/*'
`;

/** codelocal's codebuild-hash-files digest of one file (docs/fidelity.md). */
function hashFiles(name: string, content: string): string {
  const line = `${createHash('sha256').update(content).digest('hex')}  ${name}\n`;
  return createHash('sha256').update(line).digest('hex');
}

describeDocker('cache across two builds', () => {
  it('without a key: relative and absolute paths saved by the first build are in the second', async () => {
    const ws = workspace({ 'buildspec.yml': `version: 0.2\n${COMMANDS}cache:\n${PATHS}` });
    const first = await ws.build();
    expect(first.build.buildStatus).toBe('SUCCEEDED');
    expect(first.log).toContain('fresh deps');
    expect(first.log).toContain('Saving cache');
    const second = await ws.build();
    expect(second.build.buildStatus).toBe('SUCCEEDED');
    expect(second.log).toContain('Restoring cache');
    expect(second.log).toContain('restored deps v1');
    expect(second.log).toContain('restored abs w1');
  });

  it('with a codebuild-hash-files key, then a changed lock file restored through a fallback key', async () => {
    const lock = '{"lockfileVersion": 3}\n';
    const ws = workspace({
      'package-lock.json': lock,
      'buildspec.yml':
        `version: 0.2\n${COMMANDS}cache:\n  key: deps-$(codebuild-hash-files package-lock.json)\n` +
        `  fallback-keys:\n    - deps-\n${PATHS}`,
    });
    const key = `deps-${hashFiles('package-lock.json', lock)}`;
    const first = await ws.build();
    expect(first.build.buildStatus).toBe('SUCCEEDED');
    expect(first.log).toContain(`No cache found for key ${key}`);
    expect(first.log).toContain(`Saving cache with key ${key}`);
    const second = await ws.build();
    expect(second.log).toContain(`Restoring cache with key ${key}`);
    expect(second.log).toContain('restored deps v1');
    expect(second.log).toContain('restored abs w1');
    ws.write({ 'package-lock.json': '{"lockfileVersion": 3, "changed": true}\n' });
    const third = await ws.build();
    expect(third.build.buildStatus).toBe('SUCCEEDED');
    expect(third.log).toContain(`Restoring cache with fallback key deps- (entry ${key})`);
    expect(third.log).toContain('restored deps v1');
  });

  it('a key whose command fails ends DOWNLOAD_SOURCE: no phase runs', async () => {
    const ws = workspace({
      'buildspec.yml': `version: 0.2\n${COMMANDS}cache:\n  key: deps-$(codebuild-hash-file package-lock.json)\n${PATHS}`,
    });
    const { build, log } = await ws.build();
    expect(build.buildStatus).toBe('FAILED');
    expect(build.phases.find((p) => p.phaseType === 'DOWNLOAD_SOURCE')?.phaseStatus).toBe('FAILED');
    expect(log).toContain('Phase context status code: CLIENT_ERROR Message: Unable to initialize cache download');
    expect(log).not.toContain('fresh deps');
  });
});
