/**
 * Amazon Linux image names run a Debian stand-in: the build log says which local image serves the
 * AWS name and its distribution, and a missing yum/dnf is blamed on the stand-in, not the user (issue 17).
 */
import { describe, expect, it } from 'vitest';
import { imageServedLine, standInDistribution } from '../../../src/images/index.js';
import { failureHint } from '../../../src/engine/codebuild/failure-hints.js';

const AL2 = 'aws/codebuild/amazonlinux2-x86_64-standard:5.0';

describe('which image serves an AWS name', () => {
  it('built-in map: local image, rule and both distributions', () => {
    const line = imageServedLine({
      requested: AL2,
      image: 'codelocal/standard:latest',
      rule: 'builtin',
      source: `built-in map ${AL2} -> codelocal/standard:latest`,
    });
    expect(line).toBe(
      `codelocal: image ${AL2} is served by local image codelocal/standard:latest (built-in map ${AL2} -> codelocal/standard:latest): a Debian bookworm stand-in for Amazon Linux 2023 (apt-get, no yum/dnf)`,
    );
    expect(standInDistribution(`public.ecr.aws/codebuild/amazonlinux-x86_64-standard:5.0`)).toEqual({
      aws: 'Amazon Linux 2023',
      local: 'Debian bookworm',
    });
  });

  it('the requested image itself: no line; an --image-map: the mapping, no distribution guess', () => {
    expect(imageServedLine({ requested: 'x:1', image: 'x:1', rule: 'local', source: '' })).toBeUndefined();
    expect(
      imageServedLine({ requested: AL2, image: 'my/al2023', rule: 'flag', source: `--image-map ${AL2}=my/al2023` }),
    ).toBe(`codelocal: image ${AL2} is served by local image my/al2023 (--image-map ${AL2}=my/al2023)`);
  });
});

describe('the hint for a missing yum/dnf', () => {
  const output = '/codebuild/output/tmp/script.sh: 4: yum: not found\n';
  it('on the stand-in: says it is Debian and what to do', () => {
    const hint = failureHint({ output, exitCode: 127, image: AL2, localImage: 'codelocal/standard:latest' })!;
    expect(hint).toMatch(/Debian bookworm stand-in \(not Amazon Linux 2023\), which has apt-get, not yum/);
    expect(hint).toContain(`--image-map ${AL2}=LOCAL_IMAGE`);
    expect(hint).not.toMatch(/install it in the install phase/);
  });
  it('dnf and amazon-linux-extras too', () => {
    for (const tool of ['dnf', 'amazon-linux-extras']) {
      const h = failureHint({
        output: `sh: 1: ${tool}: not found`,
        exitCode: 127,
        image: AL2,
        localImage: 'codelocal/standard:latest',
      });
      expect(h).toContain(`not ${tool}`);
    }
  });
  it('a real image of that name ran: no stand-in claim', () => {
    const hint = failureHint({ output, exitCode: 127, image: AL2, localImage: AL2 })!;
    expect(hint).not.toMatch(/stand-in/);
    expect(hint).toMatch(/no yum/);
  });
});

describe('the build log', () => {
  it('shows the served-by line as a codelocal note, before the agent ping', async () => {
    const { fakeBuild } = await import('../../support/fake-build.js');
    const r = await fakeBuild({
      buildspec: 'version: 0.2\nphases:\n  build:\n    commands:\n      - echo hi\n',
      imageLine: 'codelocal: image X is served by local image Y (built-in map X -> Y)',
    });
    // A note of codelocal's own, not an AWS line: `[codelocal] …`, before the agent's first line.
    const at = r.log.indexOf('[codelocal] image X is served by local image Y (built-in map X -> Y)\n');
    expect(at).toBeGreaterThanOrEqual(0);
    expect(at).toBeLessThan(r.log.indexOf('Waiting for agent ping'));
  });
});
