/** Build outputs through whole builds: docs/aws/codebuild.md §1.10, §8 items 8, 17, 22, 23. */
import { execa } from 'execa';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { describeDocker } from '../helpers.js';
import { runSpec, spec } from './harness.js';

async function zipList(path: string): Promise<string[]> {
  const { stdout } = await execa('python3', [
    '-c',
    'import sys,zipfile; print("\\n".join(sorted(zipfile.ZipFile(sys.argv[1]).namelist())))',
    path,
  ]);
  return stdout.split('\n').filter(Boolean);
}

const DOC_TREE = `      - mkdir -p my-build-1 my-build-2/my-subdirectory
      - echo 1 > my-build-1/my-file-1.txt
      - echo 2 > my-build-2/my-file-2.txt
      - echo 3 > my-build-2/my-subdirectory/my-file-3.txt
`;

describeDocker('build: artifacts and reports through whole builds', () => {
  it("docs/aws/codebuild.md §8.22: the doc's base-directory 'my-build*' + discard-paths example, byte for byte", async () => {
    const { build } = await runSpec({
      'buildspec.yml': spec(`phases:
  build:
    commands:
${DOC_TREE}artifacts:
  files:
    - '**/*'
  base-directory: 'my-build*'
  discard-paths: yes
`),
    });
    expect(build.buildStatus).toBe('SUCCEEDED');
    expect(build.artifacts?.location).toMatch(/^arn:aws:s3:::codelocal-artifacts\/.+\.zip$/);
    expect(await zipList(build.artifacts!.localPath!)).toEqual(['my-file-1.txt', 'my-file-2.txt', 'my-file-3.txt']);
  });

  it('docs/aws/codebuild.md §8.22, §8.17: secondary artifacts by identifier; artifacts.name is shell-evaluated', async () => {
    const { build, state } = await runSpec({
      'buildspec.yml': spec(`phases:
  build:
    commands:
${DOC_TREE}artifacts:
  files:
    - '*/my-file-3.txt'
  base-directory: my-build-2
  name: a-$(echo b)
  secondary-artifacts:
    one:
      files:
        - my-build-1/*
`),
    });
    expect(build.buildStatus).toBe('SUCCEEDED');
    expect(build.artifacts?.location).toMatch(/\/a-b\.zip$/);
    expect(await zipList(build.artifacts!.localPath!)).toEqual(['my-subdirectory/my-file-3.txt']);
    const one = build.secondaryArtifacts.find((a) => a.artifactIdentifier === 'one');
    expect(one?.location).toMatch(/^arn:aws:s3:::/);
    expect(await zipList(one!.localPath!)).toEqual(['my-build-1/my-file-1.txt']);
    expect(existsSync(join(state, 's3', 'codelocal-artifacts'))).toBe(true);
  });

  it('docs/aws/codebuild.md §8.22: no match fails UPLOAD_ARTIFACTS with CLIENT_ERROR no matching artifact paths found', async () => {
    const { build, log } = await runSpec({
      'buildspec.yml': spec(
        `phases:\n  build:\n    commands:\n      - "true"\nartifacts:\n  files:\n    - nothing-here.txt\n`,
      ),
    });
    expect(log).toContain('Skipping invalid file path nothing-here.txt');
    expect(log).toContain('Phase context status code: CLIENT_ERROR Message: no matching artifact paths found');
    expect(build.buildStatus).toBe('FAILED');
  });

  it('docs/aws/codebuild.md §8.8: after a BUILD failure, artifacts written in post_build are still uploaded', async () => {
    const { build } = await runSpec({
      'buildspec.yml': spec(`phases:
  build:
    commands:
      - "false"
  post_build:
    commands:
      - echo late > late.txt
artifacts:
  files:
    - late.txt
`),
    });
    expect(build.buildStatus).toBe('FAILED');
    expect(await zipList(build.artifacts!.localPath!)).toEqual(['late.txt']);
  });

  it('docs/aws/codebuild.md §8.23: JUnit reports are parsed into <project>-<name> groups; -a and -r write to folders', async () => {
    const junit = `<?xml version="1.0"?><testsuites><testsuite name="s" tests="2"><testcase name="ok" classname="c" time="0.1"/><testcase name="bad" classname="c"><failure message="boom"/></testcase></testsuite></testsuites>`;
    const { build } = await runSpec(
      {
        'buildspec.yml': spec(`phases:
  build:
    commands:
      - mkdir -p out && cp junit.xml out/
reports:
  unit:
    files:
      - 'out/*.xml'
artifacts:
  files:
    - out/junit.xml
`),
        'junit.xml': junit,
      },
      (dir) => ({ artifactsDir: join(dir, '..', `${dir.split('/').pop()}-arts`), reportsDir: join(dir, 'reps') }),
    );
    expect(build.buildStatus).toBe('SUCCEEDED'); // reports never change the build status (docs/fidelity.md)
    const reports = build.codelocal.reports as { name: string; status: string; testSummary: { total: number } }[];
    expect(reports).toHaveLength(1);
    expect(reports[0].name).toBe(`${build.projectName}-unit`);
    expect(reports[0].status).toBe('FAILED');
    expect(reports[0].testSummary.total).toBe(2);
    expect(build.reportArns).toHaveLength(1);
    expect(readdirSync(build.artifacts!.unpackedTo!)).toContain('out');
  });
});
