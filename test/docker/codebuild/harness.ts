/**
 * Runs buildspecs against the real engine and the runner image, collecting the log.
 * Each call gets its own source folder and state folder under the OS temp dir.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll } from 'vitest';
import { runBuild, type RunBuildOptions } from '../../../src/api/build.js';
import type { Build } from '../../../src/engine/codebuild/build-types.js';
import { getRuntime } from '../helpers.js';

export const RUNNER_IMAGE = 'codelocal/standard:latest';
const made: string[] = [];
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

export interface BuildRun {
  build: Build;
  log: string;
  dir: string;
  state: string;
}

/** Writes `files` (path -> content; `buildspec.yml` usually among them) and runs a build. */
export async function runSpec(
  files: Record<string, string>,
  options: Partial<RunBuildOptions> | ((dir: string) => Partial<RunBuildOptions>) = {},
): Promise<BuildRun> {
  const dir = mkdtempSync(join(tmpdir(), 'codelocal-src-'));
  const state = mkdtempSync(join(tmpdir(), 'codelocal-state-'));
  made.push(dir, state);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  let log = '';
  const build = await runBuild({
    sourceDir: dir,
    stateDir: state,
    runtime: await getRuntime(),
    ...(typeof options === 'function' ? options(dir) : options),
    output: (t) => {
      log += t;
    },
  });
  return { build, log, dir, state };
}

/** The log without timestamps, for golden comparisons. */
export function stripTimestamps(log: string): string {
  return log.replace(/^\[Container\] \d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2}\.\d{6} /gm, '[Container] ');
}

export function phase(build: Build, type: string) {
  return build.phases.find((p) => p.phaseType === type);
}

/** YAML for a buildspec from phases given as command lists. */
export function spec(body: string): string {
  return `version: 0.2\n${body}`;
}
