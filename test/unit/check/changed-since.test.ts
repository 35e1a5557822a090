/**
 * `--changed-since REF` picks exactly the affected buildspecs, for the three kinds of change docs/check.md
 * names: the buildspec itself (committed on the branch), the pipeline naming the project that runs it
 * (staged, not committed), and a file under its source root (untracked).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCheck } from '../../../src/api/check/index.js';
import { buildspec, PIPELINE, writeRepo } from './fixture-repo.js';

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd, stdio: 'pipe' });

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'check-changed-'));
  writeRepo(root);
  git(root, 'init', '-q', '-b', 'main');
  git(root, 'add', '-A');
  git(root, 'commit', '-qm', 'base');
  git(root, 'checkout', '-qb', 'feature');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const picked = async (ref = 'main') =>
  (await runCheck({ cwd: root, changedSince: ref })).items.map((r) => r.item.file).sort();

describe('check --changed-since', () => {
  it('nothing changed: nothing picked', async () => {
    expect(await picked()).toEqual([]);
  });

  it('a committed change to a buildspec picks that buildspec only', async () => {
    writeFileSync(join(root, 'alpha/buildspec.yml'), buildspec('echo alpha v2'));
    git(root, 'commit', '-qam', 'alpha');
    expect(await picked()).toEqual(['alpha/buildspec.yml']);
  });

  it('a staged change to the pipeline naming its project picks the buildspec that project runs', async () => {
    const changed = { ...PIPELINE, pipeline: { ...PIPELINE.pipeline, name: 'beta-pipeline-2' } };
    writeFileSync(join(root, 'pipelines/pipeline.json'), JSON.stringify(changed, null, 2));
    git(root, 'add', 'pipelines/pipeline.json');
    expect(await picked()).toEqual(['alpha/buildspec.yml', 'beta/ci/buildspec.yml', 'pipelines/pipeline.json']);
  });

  it('an untracked file under a source root picks that buildspec', async () => {
    writeFileSync(join(root, 'gamma/src/extra.sh'), 'echo more\n');
    expect(await picked()).toEqual([
      'alpha/buildspec.yml',
      'beta/ci/buildspec.yml',
      'gamma/buildspec.yml',
      'pipelines/pipeline.json',
    ]);
  });

  it('an unknown ref is bad input naming git, not a crash', async () => {
    await expect(runCheck({ cwd: root, changedSince: 'no-such-ref' })).rejects.toMatchObject({ code: 'GIT_FAILED' });
  });
});
