/**
 * Reading must not write (issue 17): every read-only command, run in a fresh git repository (where the
 * state folder would go: the nearest git root), leaves no `.codelocal/`, database or any other file
 * behind, whether it succeeds or fails (an unknown execution id, a missing build).
 * Runs the built CLI (dist/, made by `npm run build` before the tests).
 */
import { execa } from 'execa';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const CLI = join(process.cwd(), 'dist/cli/main.js');
const made: string[] = [];
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));

const PIPELINE = {
  pipeline: {
    name: 'p',
    roleArn: 'arn:aws:iam::123456789012:role/r',
    artifactStore: { type: 'S3', location: 'bucket-x' },
    stages: [
      {
        name: 'Source',
        actions: [
          {
            name: 'Src',
            actionTypeId: { category: 'Source', owner: 'AWS', provider: 'CodeCommit', version: '1' },
            configuration: { RepositoryName: 'r', BranchName: 'main' },
            outputArtifacts: [{ name: 'S' }],
          },
        ],
      },
      {
        name: 'Build',
        actions: [
          {
            name: 'B',
            actionTypeId: { category: 'Build', owner: 'AWS', provider: 'CodeBuild', version: '1' },
            configuration: { ProjectName: 'x' },
            inputArtifacts: [{ name: 'S' }],
          },
        ],
      },
    ],
  },
};

/** Every command that only reads (or fails before anything exists to change). */
const READ_ONLY: string[][] = [
  ['executions', 'list'],
  ['executions', 'list', '--json'],
  ['executions', 'show', 'abc'],
  ['executions', 'logs', 'abc'],
  ['pipeline', 'stop', 'abc'],
  ['pipeline', 'approve', 'abc', 'Build.B'],
  ['pipeline', 'retry', 'abc'],
  ['pipeline', 'plan', 'pipeline.json'],
  ['pipeline', 'validate', 'pipeline.json'],
  ['pipeline', 'run', 'pipeline.json', '--dry-run'],
  ['lint'],
  ['doctor'],
  ['clean', '--dry-run'],
  ['clean', '--dry-run', '--services'],
  ['build', '--dry-run'],
  ['batch', '--dry-run'],
  ['images', 'list'],
  ['attach'],
  ['resume'],
  ['events'],
  ['events', '--json', '--pattern', '{"source":["aws.codebuild"]}'],
  ['events', 'test-pattern', '--event-pattern', '{"source":["x"]}', '--event', '{}'],
];

async function freshRepo(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'codelocal-readonly-'));
  made.push(dir);
  await execa('git', ['init', '-q', dir]);
  writeFileSync(join(dir, 'buildspec.yml'), 'version: 0.2\nphases:\n  build:\n    commands:\n      - echo hi\n');
  writeFileSync(join(dir, 'pipeline.json'), JSON.stringify(PIPELINE));
  return dir;
}

describe.concurrent('read-only commands leave a fresh git repository untouched', () => {
  it.each(READ_ONLY.map((args) => [args.join(' '), args] as const))(
    'codelocal %s',
    async (_name, args) => {
      const dir = await freshRepo();
      const before = readdirSync(dir).sort();
      const r = await execa('node', [CLI, ...args], {
        cwd: dir,
        reject: false,
        stdin: 'ignore',
        timeout: 60_000,
        env: { NO_COLOR: '1' },
      });
      // Exit 0 (it read) or 1/2 (nothing to read): never a crash.
      expect([0, 1, 2, 3], r.stderr).toContain(r.exitCode);
      expect(readdirSync(dir).sort()).toEqual(before);
    },
    60_000,
  );
});
