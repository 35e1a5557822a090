/**
 * `--keep`, `codelocal attach` on a kept container, `--reuse` with `--phase`/`--from-phase`, and
 * `codelocal clean` (issue #7, docs/debugging.md). Builds run as separate CLI processes, as a user
 * would run them, so a kept container outlives the process that made it.
 */
import { execa } from 'execa';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { LABEL_KEEP } from '../../../src/runtime/types.js';
import { buildDirName } from '../../../src/workspace/state-dir.js';
import { describeDocker, getRuntime } from '../helpers.js';
import { runSpec, phase } from '../codebuild/harness.js';
import { CLI, tempDir, tree } from './pty.js';

const SPEC = (stage: string) => `version: 0.2
env:
  variables:
    STAGE: ${stage}
phases:
  install:
    commands:
      - echo "install-""marker"; mkdir -p /opt/tool && echo "tool v1" > /opt/tool/version
      - export TOOL_HOME=/opt/tool
  build:
    commands:
      - mkdir -p out && cd out && echo "build sees TOOL_HOME=$TOOL_HOME STAGE=$STAGE"
      - cat "$TOOL_HOME/version"
`;

function cli(args: string[], input?: string) {
  return execa('node', [CLI, ...args], {
    reject: false,
    env: { NO_COLOR: '1' },
    ...(input === undefined ? { stdin: 'ignore' as const } : { input }),
  });
}

const keptIds: string[] = [];
// A failed assertion must not leave kept containers behind (clean would normally remove them).
afterAll(async () => {
  for (const id of keptIds) await (await containerOf(id))?.container.remove();
});

async function keptBuild(src: string, stateDir: string): Promise<string> {
  const r = await cli(['build', src, '--state-dir', stateDir, '--keep']);
  expect(r.exitCode, r.stdout + r.stderr).toBe(0);
  const id = /Build SUCCEEDED\s+(\S+)/.exec(r.stderr)?.[1];
  keptIds.push(id!);
  expect(r.stderr).toContain(`codelocal attach ${id}`);
  return id!;
}

async function containerOf(buildId: string) {
  const runtime = await getRuntime();
  const refs = (await runtime.listResources({ labels: { 'codelocal.build-id': buildId } })).filter(
    (r) => r.kind === 'container',
  );
  return refs.length ? { ref: refs[0], container: (await runtime.getContainer(refs[0].id))! } : undefined;
}

describeDocker('--keep, attach, --reuse, clean (issue #7)', () => {
  it('--keep leaves the container up (not swept); attach gets the last shell state, even after a stop; clean removes it', async () => {
    const stateDir = tempDir('codelocal-keep-state-');
    const id = await keptBuild(tree({ 'buildspec.yml': SPEC('one') }), stateDir);
    const kept = await containerOf(id);
    expect(kept?.ref.labels[LABEL_KEEP]).toBe('true');
    expect((await kept!.container.inspect()).running).toBe(true);
    await (await getRuntime()).sweep(); // its creator is gone, but kept resources are never leftovers
    expect(await containerOf(id)).toBeDefined();

    const probe = 'echo "T=[$TOOL_HOME] S=[$STAGE] P=[$(pwd)]"\n';
    const a = await cli(['attach', id, '--state-dir', stateDir], probe);
    expect(a.exitCode, a.stderr).toBe(0);
    expect(a.stdout).toMatch(/T=\[\/opt\/tool\] S=\[one\] P=\[\/codebuild\/output\/src\d+\/src\/out\]/);

    await kept!.container.stop(1);
    const b = await cli(['attach', id, '--state-dir', stateDir], probe);
    expect(b.stdout).toMatch(/T=\[\/opt\/tool\] S=\[one\]/); // started again, shell state intact

    const dry = await cli(['clean', '--dry-run', '--state-dir', stateDir]);
    expect(dry.stdout).toContain(`would remove container`);
    expect(dry.stdout).toContain(id);
    expect(await containerOf(id)).toBeDefined();
    const clean = await cli(['clean', '--state-dir', stateDir]);
    expect(clean.exitCode, clean.stderr).toBe(0);
    expect(await containerOf(id)).toBeUndefined();
    expect(existsSync(join(stateDir, 'builds', buildDirName(id)))).toBe(false);
  });

  it('--reuse with --from-phase build: earlier phases are skipped, their files and shell state are there, new variables apply', async () => {
    const stateDir = tempDir('codelocal-keep-state-');
    const src = tree({ 'buildspec.yml': SPEC('one') });
    const id = await keptBuild(src, stateDir);
    writeFileSync(join(src, 'buildspec.yml'), SPEC('two'));
    const r = await cli(['build', src, '--state-dir', stateDir, '--reuse', id, '--from-phase', 'build']);
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('Skipping phase INSTALL: not selected');
    expect(r.stdout).not.toContain('install-marker');
    expect(r.stdout).toContain('build sees TOOL_HOME=/opt/tool STAGE=two');
    expect(r.stdout).toContain('tool v1');
    // The reused build ran in the same container, which stays kept until cleaned.
    const clean = await cli(['clean', '--state-dir', stateDir]);
    expect(clean.stdout).toContain('removed 1 container(s)');
    expect(await containerOf(id)).toBeUndefined();
  });

  it('--phase without --reuse runs only that phase in a fresh container (the others are skipped, not run)', async () => {
    const { build, log } = await runSpec({ 'buildspec.yml': SPEC('one') }, { phases: ['build'] });
    expect(build.buildStatus).toBe('FAILED'); // install never ran: no /opt/tool
    expect(phase(build, 'INSTALL')).toBeUndefined();
    expect(phase(build, 'BUILD')?.phaseStatus).toBe('FAILED');
    expect(log).not.toContain('install-marker');
    expect(build.codelocal.failure?.lastLines.join('\n')).toContain('/version: No such file or directory');
  });
});
