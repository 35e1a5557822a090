/**
 * One pipeline on Podman (issue 12: "the conformance suite and one pipeline pass on it in CI"):
 * examples/pipeline-two-builds, its two CodeBuild actions running in the runner image on Podman's Docker API.
 * The runner image is copied from the local dockerd over the two APIs (save -> load, streamed) when Podman lacks
 * it; that copy is the slow part (about a minute for 2 GB), and happens once per machine.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPipeline } from '../../src/api/pipeline.js';
import { STANDARD_IMAGE } from '../../src/images/index.js';
import { createDockerRuntime, transferImage, type DockerRuntime } from '../../src/runtime/index.js';
import { engineUnavailable, isCI } from '../docker/helpers.js';
import { podmanUnavailable, startPodman, type StartedPodman } from './engines.js';

const EXAMPLE = fileURLToPath(new URL('../../examples/pipeline-two-builds', import.meta.url));
const unavailable = podmanUnavailable() ?? engineUnavailable;
if (unavailable && !isCI) console.warn(`[podman pipeline skipped] ${unavailable}`);

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@codelocal.invalid', ...args], { cwd });

(unavailable && !isCI ? describe.skip : describe)('pipeline on podman: examples/pipeline-two-builds', () => {
  let podman: StartedPodman;
  let runtime: DockerRuntime;
  const made: string[] = [];

  beforeAll(async () => {
    podman = await startPodman();
    runtime = podman.runtime;
    if (!(await runtime.images.inspect(STANDARD_IMAGE))) {
      await transferImage(await createDockerRuntime(), runtime, STANDARD_IMAGE);
    }
  }, 600_000);

  afterAll(async () => {
    await runtime?.cleanup();
    await podman?.stop();
    for (const d of made) rmSync(d, { recursive: true, force: true });
  });

  it('runs green: source from a local git repository, build and verify actions on Podman', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'codelocal-podman-repo-'));
    const state = mkdtempSync(path.join(os.tmpdir(), 'codelocal-podman-state-'));
    made.push(dir, state);
    cpSync(EXAMPLE, dir, { recursive: true });
    writeFileSync(path.join(dir, 'second.txt'), 'on podman\n');
    git(dir, 'init', '-q', '-b', 'main');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'podman');
    let log = '';
    const result = await runPipeline({
      file: path.join(dir, 'pipeline.json'),
      cwd: dir,
      stateDir: state,
      runtime,
      projectFiles: [path.join(dir, 'projects.json')],
      onEvent: (e) => {
        if (e.type === 'log') log += e.text;
      },
    });
    const details = JSON.stringify(
      result.execution.actionExecutionDetails.map((a) => [a.actionName, a.status, a.output?.executionResult]),
    );
    expect(result.execution.status, `${log}\n${details}`).toBe('Succeeded');
    expect(log).toContain('hello, pipeline (myapp 1.0.');
    expect((await runtime.info()).product).toBe('podman');
  });
});
