/**
 * Command and phase semantics of docs/aws/codebuild.md §2.3–2.5 and §8 items 1–11, against the real engine
 * and the runner image.
 */
import { expect, it } from 'vitest';
import { describeDocker } from '../helpers.js';
import { phase, runSpec, spec } from './harness.js';

describeDocker('build: commands and phases', () => {
  it('docs/aws/codebuild.md §8.1: cd, export and plain assignments persist across commands and phases (0.2)', async () => {
    const { build, log } = await runSpec({
      'sub/.keep': '',
      'buildspec.yml': spec(`phases:
  pre_build:
    commands:
      - cd sub
      - Y=2
      - export X=1
  build:
    commands:
      - pwd
      - echo "Y=$Y X=$X"
`),
    });
    expect(build.buildStatus).toBe('SUCCEEDED');
    expect(log).toMatch(/\/src\/sub\n/);
    expect(log).toContain('Y=2 X=1');
  });

  it('docs/aws/codebuild.md §8.2: arrays, functions and set -e do not survive to the next command', async () => {
    const { log } = await runSpec({
      'buildspec.yml': spec(`env:
  shell: bash
phases:
  build:
    commands:
      - declare -a A=(1 2); f() { echo fn; }; set -e
      - 'echo "A1=[\${A[1]}]"; type f >/dev/null 2>&1 || echo "no function"; case $- in *e*) echo errexit;; *) echo "no errexit";; esac'
`),
    });
    expect(log).toContain('A1=[]');
    expect(log).toContain('no function');
    expect(log).toContain('no errexit');
  });

  it('docs/aws/codebuild.md §8.3: version 0.1 runs each command from the source root with the original environment', async () => {
    const { build, log } = await runSpec({
      'sub/.keep': '',
      'buildspec.yml': `version: 0.1
environment_variables:
  plaintext:
    FOO: bar
phases:
  build:
    commands:
      - cd sub
      - export FOO=changed
      - pwd
      - echo "FOO=$FOO"
`,
    });
    expect(build.buildStatus).toBe('SUCCEEDED');
    expect(log).not.toMatch(/\/src\/sub\n/);
    expect(log).toContain('FOO=bar');
  });

  it('docs/aws/codebuild.md §8.4: the default shell is sh (dash): [[ fails; env.shell bash makes it pass', async () => {
    const dash = await runSpec({ 'buildspec.yml': spec(`phases:\n  build:\n    commands:\n      - '[[ 1 == 1 ]]'\n`) });
    expect(dash.build.buildStatus).toBe('FAILED');
    expect(dash.log).toMatch(/\/codebuild\/output\/tmp\/script\.sh: 4: \[\[: not found/);
    const bash = await runSpec({
      'buildspec.yml': spec(`env:\n  shell: bash\nphases:\n  build:\n    commands:\n      - '[[ 1 == 1 ]]'\n`),
    });
    expect(bash.build.buildStatus).toBe('SUCCEEDED');
  });

  it('docs/aws/codebuild.md §8.5: only the exit status of the item counts (a multi-line block ending in true succeeds)', async () => {
    const { build } = await runSpec({
      'buildspec.yml': spec(`phases:\n  build:\n    commands:\n      - |\n        false\n        true\n`),
    });
    expect(build.buildStatus).toBe('SUCCEEDED');
  });

  it('docs/aws/codebuild.md §8.6: the first failing command stops the list, finally still runs, phase FAILED', async () => {
    const { build, log } = await runSpec({
      'buildspec.yml': spec(`phases:
  build:
    commands:
      - "false"
      - echo skipped
    finally:
      - echo cleanup
`),
    });
    expect(log).not.toContain('\nskipped\n');
    expect(log).toContain('\ncleanup\n');
    expect(log).toContain('Phase complete: BUILD State: FAILED');
    expect(log).toContain(
      'Phase context status code: COMMAND_EXECUTION_ERROR Message: Error while executing command: false. Reason: exit status 1',
    );
    expect(phase(build, 'BUILD')?.phaseStatus).toBe('FAILED');
    expect(build.buildStatus).toBe('FAILED');
  });

  it('docs/aws/codebuild.md §8.7: a PRE_BUILD failure skips BUILD, POST_BUILD and UPLOAD_ARTIFACTS', async () => {
    const { build, log } = await runSpec({
      'buildspec.yml': spec(`phases:
  pre_build:
    commands:
      - exit 3
  build:
    commands:
      - echo build-ran
  post_build:
    commands:
      - echo post-ran
artifacts:
  files:
    - '**/*'
`),
    });
    expect(build.buildStatus).toBe('FAILED');
    expect(log).not.toContain('Entering phase BUILD');
    expect(log).not.toContain('Entering phase POST_BUILD');
    expect(log).not.toContain('UPLOAD_ARTIFACTS');
    expect(build.codelocal.failure).toMatchObject({ phase: 'PRE_BUILD', command: 'exit 3', exitCode: 3 });
  });

  it('docs/aws/codebuild.md §8.8, §8.9: a BUILD failure still runs POST_BUILD, with CODEBUILD_BUILD_SUCCEEDING=0', async () => {
    const { build, log } = await runSpec({
      'buildspec.yml': spec(`phases:
  install:
    commands:
      - echo "install=$CODEBUILD_BUILD_SUCCEEDING"
  build:
    commands:
      - echo "build=$CODEBUILD_BUILD_SUCCEEDING"
      - "false"
  post_build:
    commands:
      - echo "post=$CODEBUILD_BUILD_SUCCEEDING"
`),
    });
    expect(log).toContain('install=1');
    expect(log).toContain('build=1');
    expect(log).toContain('post=0');
    expect(log).toContain('Phase complete: UPLOAD_ARTIFACTS');
    expect(phase(build, 'POST_BUILD')?.phaseStatus).toBe('SUCCEEDED');
    expect(build.buildStatus).toBe('FAILED');
  });

  it('docs/aws/codebuild.md §8.10: on-failure CONTINUE on pre_build runs build; ABORT on build skips post_build', async () => {
    const cont = await runSpec({
      'buildspec.yml': spec(`phases:
  pre_build:
    on-failure: CONTINUE
    commands:
      - "false"
  build:
    commands:
      - echo build-ran
`),
    });
    expect(cont.log).toContain('\nbuild-ran\n');
    expect(cont.build.buildStatus).toBe('FAILED');
    const abort = await runSpec({
      'buildspec.yml': spec(`phases:
  build:
    on-failure: ABORT
    commands:
      - "false"
  post_build:
    commands:
      - echo post-ran
`),
    });
    expect(abort.log).not.toContain('Entering phase POST_BUILD');
    expect(abort.build.buildStatus).toBe('FAILED');
  });

  it('docs/aws/codebuild.md §8.11: RETRY-3 re-runs a phase that fails twice then succeeds; RETRY-1 gives up', async () => {
    const flaky = `phases:
  build:
    on-failure: RETRY-N
    commands:
      - 'n=$(cat /tmp/count 2>/dev/null || echo 0); n=$((n+1)); echo $n > /tmp/count; echo "attempt $n"; [ $n -ge 3 ]'
`;
    const three = await runSpec({ 'buildspec.yml': spec(flaky.replace('RETRY-N', 'RETRY-3')) });
    expect(three.log).toContain('attempt 3');
    expect(three.build.buildStatus).toBe('SUCCEEDED');
    const one = await runSpec({ 'buildspec.yml': spec(flaky.replace('RETRY-N', 'RETRY-1')) });
    expect(one.log).toContain('attempt 2');
    expect(one.log).not.toContain('attempt 3');
    expect(one.build.buildStatus).toBe('FAILED');
    const regex = await runSpec({ 'buildspec.yml': spec(flaky.replace('RETRY-N', 'RETRY-3-never-matches')) });
    expect(regex.log).not.toContain('attempt 2');
  });

  it('docs/aws/codebuild.md §8.21: the working directory at the start of INSTALL is CODEBUILD_SRC_DIR', async () => {
    const { log } = await runSpec({
      'buildspec.yml': spec(`phases:\n  install:\n    commands:\n      - 'echo "pwd=$(pwd) src=$CODEBUILD_SRC_DIR"'\n`),
    });
    const m = /^pwd=(\S+) src=(\S+)$/m.exec(log);
    expect(m?.[1]).toBe(m?.[2]);
    expect(m?.[1]).toMatch(/^\/codebuild\/output\/src\d+\/src$/);
  });
});
