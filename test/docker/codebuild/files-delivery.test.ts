// The build's files reach a new container two ways (src/engine/codebuild/files-delivery.ts): through the
// bootstrap's stdin where the image has GNU tar (the runner image), through the engine's archive upload where it
// does not (busybox). The sources must look the same either way: owner root, the host's permission bits, times,
// symlinks kept as links (docs/aws/codebuild.md §2.3: the agent's layout; CodeBuild's sources are root's).
import { chmodSync, lutimesSync, symlinkSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { describeDocker, ensureTinyImage, getRuntime } from '../helpers.js';
import { RUNNER_IMAGE, runSpec, spec } from './harness.js';

const LIST = 'for f in run.sh data/note.txt link; do stat -c "%n %a %u:%g %Y %F" "$f"; done; readlink link';
const BUILDSPEC = spec(`phases:
  build:
    commands:
      - ${JSON.stringify(LIST)}
`);

let tiny: string;
beforeAll(async () => {
  tiny = await ensureTinyImage(await getRuntime());
}, 120_000);

async function listing(image: string): Promise<string[]> {
  const { build, log } = await runSpec(
    { 'buildspec.yml': BUILDSPEC, 'run.sh': '#!/bin/sh\necho run\n', 'data/note.txt': 'note\n' },
    (dir) => {
      chmodSync(join(dir, 'run.sh'), 0o750);
      utimesSync(join(dir, 'data/note.txt'), 1_700_000_000, 1_700_000_000);
      utimesSync(join(dir, 'run.sh'), 1_600_000_000, 1_600_000_000);
      symlinkSync('data/note.txt', join(dir, 'link'));
      lutimesSync(join(dir, 'link'), 1_650_000_000, 1_650_000_000);
      return { image };
    },
  );
  expect(build.buildStatus, log).toBe('SUCCEEDED');
  return log.split('\n').filter((l) => /^(run\.sh|data\/note\.txt|link) |^data\/note\.txt$/.test(l));
}

describeDocker('build files: through stdin (GNU tar) or through the engine (no GNU tar)', () => {
  it('the runner image and busybox see the same sources: modes, root owner, times, symlinks', async () => {
    const viaStdin = await listing(RUNNER_IMAGE);
    const viaEngine = await listing(tiny);
    expect(viaStdin).toContain('run.sh 750 0:0 1600000000 regular file');
    expect(viaStdin).toContain('data/note.txt 644 0:0 1700000000 regular file');
    expect(viaStdin).toContain('link 777 0:0 1650000000 symbolic link');
    expect(viaStdin).toContain('data/note.txt');
    // busybox's stat names file types the same way; the two listings are equal line for line.
    expect(viaEngine).toEqual(viaStdin);
  }, 120_000);

  // codelocal's own folder is in memory (agent-script.ts MEMORY_DIR, docs/performance.md change 18), while CodeBuild's
  // /codebuild/output/tmp stays on disk (docs/fidelity.md): what a command does there must not change. It writes and
  // runs a file there, and the shell state carries over, even after it emptied the folder (links included).
  it.each([
    ['the runner image', () => RUNNER_IMAGE],
    ['busybox (files staged, then moved in)', () => tiny],
  ])(
    '%s: script.sh and env.sh link into an in-memory folder; /codebuild/output/tmp stays on disk',
    async (_name, image) => {
      const { build, log } = await runSpec(
        {
          'buildspec.yml': spec(`phases:
  build:
    commands:
      - grep -q " /codebuild/output/tmp " /proc/mounts || echo "tmp on disk"
      - grep " /codebuild/codelocal/mem " /proc/mounts | cut -d" " -f3
      - echo "links to $(readlink /codebuild/output/tmp/script.sh) $(readlink /codebuild/output/tmp/env.sh)"
      - printf '#!/bin/sh\\necho ran from tmp\\n' > /codebuild/output/tmp/t.sh && chmod +x /codebuild/output/tmp/t.sh
      - /codebuild/output/tmp/t.sh; export CARRIED=yes
      - rm -rf /codebuild/output/tmp/*; export AFTER=emptied
      - echo "carried=$CARRIED after=$AFTER"; [ -e /codebuild/codelocal/staged-mem ] || echo "nothing staged left"
`),
        },
        { image: image() },
      );
      expect(build.buildStatus, log).toBe('SUCCEEDED');
      const lines = log.split('\n').map((l) => l.trim());
      const expected = [
        'tmp on disk',
        'tmpfs',
        'links to /codebuild/codelocal/mem/script.sh /codebuild/codelocal/mem/env.sh',
        'ran from tmp',
        'carried=yes after=emptied',
        'nothing staged left',
      ];
      for (const line of expected) expect(lines, log).toContain(line);
    },
    120_000,
  );

  // docs/aws/codebuild.md §1.4 run-as: the commands run as that user, who must read script.sh and write env.sh
  // through their links (the agent opens the files to the user, agent.sh `run_cmd`).
  it('run-as: a user other than root runs the commands and carries the shell state through the links', async () => {
    const { build, log } = await runSpec({
      'buildspec.yml': spec(`phases:
  build:
    run-as: nobody
    commands:
      - X=plain; export Y=exported
      - echo "state $X $Y as $(id -un)"
`),
    });
    expect(build.buildStatus, log).toBe('SUCCEEDED');
    expect(log.split('\n')).toContain('state plain exported as nobody');
  }, 120_000);
});
