/**
 * Every way a `codelocal build` can end (issue 17): SIGINT, SIGTERM, SIGKILL (then the next start
 * sweeps) and a closed stdout, at container start, mid-command and during the artifact upload.
 * Afterwards no container, network or volume with the run's pid label is left, and history shows
 * the build STOPPED (FAULT after a SIGKILL, once the next start closed it), never IN_PROGRESS.
 */
import { basename } from 'node:path';
import { expect, it } from 'vitest';
import { describeDocker } from '../helpers.js';
import {
  CliRun,
  EXIT_FOR,
  labelledResources,
  nextStart,
  readHistory,
  resourcesLeft,
  tempDir,
  writeTree,
  type Ending,
} from './harness.js';

type Moment = 'start' | 'mid' | 'upload';

const TICKING = `version: 0.2
phases:
  build:
    commands:
      - echo mid-command-now
      - for i in $(seq 1 60); do echo tick $i; sleep 0.5; done
`;
// A 40 MB incompressible artifact: zipping it out of the container takes seconds, the window.
const LARGE_ARTIFACT = `version: 0.2
phases:
  build:
    commands:
      - head -c 40000000 /dev/urandom > big.bin
artifacts:
  files:
    - big.bin
`;

const WHEN: Record<Moment, RegExp> = {
  start: /Waiting for agent ping/,
  mid: /tick 2\b/,
  upload: /Phase complete: POST_BUILD/,
};

async function endBuild(ending: Ending, at: Moment, extra: string[] = []): Promise<void> {
  const src = writeTree(tempDir('codelocal-endings-src-'), {
    'buildspec.yml': at === 'upload' ? LARGE_ARTIFACT : TICKING,
  });
  const state = tempDir('codelocal-endings-state-');
  const run = new CliRun(['build', src, '--state-dir', state, ...extra], src);
  await run.waitFor(WHEN[at]);
  const exit = await run.end(ending);
  const mine = () => readHistory(state).builds.filter((b) => b.id.startsWith(`${basename(src)}:`));
  if (ending === 'SIGKILL') {
    expect(exit.signal).toBe('SIGKILL');
    expect(mine().map((b) => b.status)).toEqual(['IN_PROGRESS']); // written at start, never closed
    const left = labelledResources(run.pid);
    expect(left.some((r) => r.startsWith('container '))).toBe(true);
    // A privileged build's inner Docker storage is a labelled volume, so the sweep finds it.
    if (extra.includes('--privileged')) expect(left.some((r) => r.startsWith('volume codelocal-dind-'))).toBe(true);
    await nextStart(state);
    expect(mine().map((b) => b.status)).toEqual(['FAULT']);
  } else {
    expect(exit.code, run.output.slice(-1500)).toBe(EXIT_FOR[ending]);
    expect(mine().map((b) => b.status)).toEqual(['STOPPED']);
  }
  expect(await resourcesLeft(run.pid)).toEqual([]);
}

describeDocker('build endings', () => {
  it('SIGINT at container start: STOPPED, exit 130, nothing left', () => endBuild('SIGINT', 'start'));
  it('SIGINT mid-command: STOPPED, exit 130, nothing left', () => endBuild('SIGINT', 'mid'));
  it('SIGTERM mid-command: STOPPED, exit 143, nothing left', () => endBuild('SIGTERM', 'mid'));
  it('SIGTERM during the artifact upload: STOPPED, exit 143, nothing left', () => endBuild('SIGTERM', 'upload'));
  it('SIGKILL mid-command (privileged: its DinD volume is labelled): the next start sweeps and closes it FAULT', () =>
    endBuild('SIGKILL', 'mid', ['--privileged']));
  it('SIGKILL during the artifact upload: the next start sweeps and closes it FAULT', () =>
    endBuild('SIGKILL', 'upload'));
  it('a closed stdout at container start: STOPPED, exit 141, nothing left', () => endBuild('pipe', 'start'));
  it('a closed stdout mid-command (`| head`): STOPPED, exit 141, nothing left', () => endBuild('pipe', 'mid'));
  it('SIGINT mid-command of a batch: every running member STOPPED, exit 130, nothing left', async () => {
    const src = writeTree(tempDir('codelocal-endings-batch-'), {
      'buildspec.yml':
        'version: 0.2\nbatch:\n  build-list:\n    - identifier: one\n    - identifier: two\n' +
        'phases:\n  build:\n    commands:\n      - for i in $(seq 1 60); do echo tick $i; sleep 0.5; done\n',
    });
    const state = tempDir('codelocal-endings-state-');
    const run = new CliRun(['batch', src, '--state-dir', state], src);
    await run.waitFor(/tick 2\b/);
    const exit = await run.end('SIGINT');
    expect(exit.code, run.output.slice(-1500)).toBe(130);
    const statuses = readHistory(state).builds.map((b) => b.status);
    expect(statuses.length).toBeGreaterThan(0);
    expect(statuses.every((st) => st === 'STOPPED')).toBe(true);
    expect(await resourcesLeft(run.pid)).toEqual([]);
  });
});
