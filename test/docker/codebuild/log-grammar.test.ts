/** The log grammar of docs/aws/codebuild.md §4 and §8 items 12–14. */
import { expect, it } from 'vitest';
import { describeDocker } from '../helpers.js';
import { runSpec, spec, stripTimestamps } from './harness.js';

describeDocker('build: log grammar', () => {
  it("docs/aws/codebuild.md §8.12: a failing build logs CodeBuild's exact phase and context lines (golden)", async () => {
    const { log } = await runSpec({
      'buildspec.yml': spec(`phases:
  build:
    commands:
      - echo hello
      - exit 2
  post_build:
    commands:
      - echo done.
`),
    });
    const golden = stripTimestamps(log)
      .split('\n')
      .filter((l) => !/CODEBUILD_SRC_DIR=|YAML location is|Moving to directory|^\[codelocal\] /.test(l))
      .join('\n');
    expect(golden).toBe(`[Container] Waiting for agent ping
[Container] Waiting for DOWNLOAD_SOURCE
[Container] Phase is DOWNLOAD_SOURCE
[Container] Processing environment variables
[Container] Cache is not defined in the buildspec
[Container] Skip cache due to: no paths specified to be cached
[Container] Registering with agent
[Container] Phases found in YAML: 2
[Container]  BUILD: 2 commands
[Container]  POST_BUILD: 1 commands
[Container] Phase complete: DOWNLOAD_SOURCE State: SUCCEEDED
[Container] Phase context status code:  Message: 
[Container] Entering phase INSTALL
[Container] Phase complete: INSTALL State: SUCCEEDED
[Container] Phase context status code:  Message: 
[Container] Entering phase PRE_BUILD
[Container] Phase complete: PRE_BUILD State: SUCCEEDED
[Container] Phase context status code:  Message: 
[Container] Entering phase BUILD
[Container] Running command echo hello
hello

[Container] Running command exit 2

[Container] Command did not exit successfully exit 2 exit status 2
[Container] Phase complete: BUILD State: FAILED
[Container] Phase context status code: COMMAND_EXECUTION_ERROR Message: Error while executing command: exit 2. Reason: exit status 2
[Container] Entering phase POST_BUILD
[Container] Running command echo done.
done.

[Container] Phase complete: POST_BUILD State: SUCCEEDED
[Container] Phase context status code:  Message: 
[Container] Phase complete: UPLOAD_ARTIFACTS State: SUCCEEDED
[Container] Phase context status code:  Message: 
`);
  });

  it('docs/aws/codebuild.md §8.13: every agent line carries [Container] YYYY/MM/DD HH:MM:SS.ffffff', async () => {
    const { log } = await runSpec({ 'buildspec.yml': spec(`phases:\n  build:\n    commands:\n      - echo x\n`) });
    const agentLines = log.split('\n').filter((l) => l.startsWith('[Container]'));
    expect(agentLines.length).toBeGreaterThan(10);
    for (const l of agentLines)
      expect(l).toMatch(/^\[Container\] \d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2}\.\d{6} ( [A-Z_]+: \d+ commands$|\S)/);
  });

  it("docs/aws/codebuild.md §8.14: an unknown runtime version fails DOWNLOAD_SOURCE with CodeBuild's text; no phase is entered", async () => {
    const { build, log } = await runSpec({
      'buildspec.yml': spec(
        `phases:\n  install:\n    runtime-versions:\n      nodejs: 99\n  build:\n    commands:\n      - echo never\n`,
      ),
    });
    expect(log).toMatch(
      /Phase context status code: YAML_FILE_ERROR Message: Unknown runtime version named '99' of nodejs\. This build image has the following versions: [0-9, ]+/,
    );
    expect(log).toContain('Phase complete: DOWNLOAD_SOURCE State: FAILED');
    expect(log).not.toContain('Entering phase');
    expect(build.buildStatus).toBe('FAILED');
  });

  it("docs/aws/codebuild.md §8.24: runtime-versions run the image's runtimes.yml commands in DOWNLOAD_SOURCE and stick", async () => {
    const { build, log } = await runSpec({
      'buildspec.yml': spec(
        `phases:\n  install:\n    runtime-versions:\n      golang: 1.22\n  build:\n    commands:\n      - go version\n`,
      ),
    });
    expect(build.buildStatus).toBe('SUCCEEDED');
    expect(log).toContain("Selecting 'golang' runtime version '1.22' based on manual selections...");
    expect(log.indexOf("Selecting 'golang'")).toBeLessThan(log.indexOf('Phase complete: DOWNLOAD_SOURCE'));
    expect(log).toMatch(/go version go1\.22/);
  });
});
