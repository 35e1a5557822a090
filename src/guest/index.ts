/**
 * The guest layer: code that runs inside containers (the build agent and its debug tools, the ECS port
 * proxy, the Lambda bootstraps, the registry mirror's Dockerfile) lives as real files under
 * src/guest/files/, so shellcheck, ESLint and Python check them and editors show them as what they are
 * (`npm run lint:guest`). This face reads them at run time.
 *
 * Why `../../src/guest/files/`: the same relative URL resolves from src/guest/index.ts (vitest, tsx) and
 * from dist/guest/index.js (after tsc), and package.json ships src/guest/files in the npm package.
 * Each file is read once per process.
 */
import { readFileSync } from 'node:fs';

const FILES_DIR = new URL('../../src/guest/files/', import.meta.url);

/** Every guest file, by the path under src/guest/files/. */
export const GUEST_FILES = [
  'codebuild/agent.sh',
  'codebuild/bootstrap.sh',
  'codebuild/command-header.sh',
  'codebuild/pause.sh',
  'codebuild/shell.sh',
  'codebuild/codebuild-breakpoint.sh',
  'codebuild/codebuild-resume.sh',
  'codebuild/codebuild-hash-files.sh',
  'codedeploy/hook.sh',
  'codedeploy/install.sh',
  'codedeploy/permissions.sh',
  'ecs/proxy.cjs',
  'lambda/bootstrap.cjs',
  'lambda/bootstrap.py',
  'local-aws/network-holder.sh',
  'registry/golang.Dockerfile',
  'runtime/cgroup-rw-prelude.sh',
] as const;

export type GuestFile = (typeof GUEST_FILES)[number];

const cache = new Map<GuestFile, string>();

/** The text of a guest file, exactly as it reaches the container. */
export function guestFile(name: GuestFile): string {
  let text = cache.get(name);
  if (text === undefined) {
    text = readFileSync(new URL(name, FILES_DIR), 'utf8');
    cache.set(name, text);
  }
  return text;
}

/** Where the guest files are on disk (lint and tests). */
export function guestFilesDir(): URL {
  return FILES_DIR;
}

/**
 * The header of a command's script.sh: command-header.sh without its comment lines (the shebang stays),
 * so that the user's text, appended after it, is line 4 as in CodeBuild (docs/aws/codebuild.md §2.3).
 */
export function commandHeader(): string {
  header ??= guestFile('codebuild/command-header.sh')
    .split('\n')
    .filter((line, i) => i === 0 || !line.startsWith('#'))
    .join('\n');
  return header;
}
let header: string | undefined;
