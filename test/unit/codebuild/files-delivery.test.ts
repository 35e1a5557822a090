// How a new build container gets its files (src/engine/codebuild/files-delivery.ts, bootstrap.sh), through the
// fake runtime: the tar goes to the bootstrap's stdin, padded to whole 10 KiB records, and the agent's first request
// (the ping) only after the bootstrap said `untar 0`; an image without GNU tar gets the files through the engine
// and the bootstrap a `G`. Either way the agent runs the same scripts with the same environment.
import { describe, expect, it } from 'vitest';
import { fakeBuild } from '../../support/fake-build.js';

const SPEC =
  'version: 0.2\nenv:\n  variables:\n    GREETING: hello\nphases:\n  build:\n    commands:\n      - echo "$GREETING"\n';

describe('build files reach a new container', () => {
  it('through the bootstrap stdin when the image has GNU tar: nothing is uploaded through the engine', async () => {
    const r = await fakeBuild({ buildspec: SPEC, commands: (c) => ({ output: `${c.env.get('GREETING')}\n` }) });
    expect(r.build.buildStatus).toBe('SUCCEEDED');
    expect(r.container.filesVia).toBe('stdin');
    // The fake only completes the tar at a record boundary after the end block: a short or unpadded tar hangs.
    expect(r.container.requests[0]).toBe('P');
    expect(r.container.text('/codebuild/codelocal/agent.sh')).toContain('codelocal build agent');
    expect(r.log).toContain('hello');
  });

  it('through the engine, then `G`, when the image has no GNU tar', async () => {
    const r = await fakeBuild({
      buildspec: SPEC,
      noGnuTar: true,
      commands: (c) => ({ output: `${c.env.get('GREETING')}\n` }),
    });
    expect(r.build.buildStatus).toBe('SUCCEEDED');
    expect(r.container.filesVia).toBe('engine');
    expect(r.container.requests.slice(0, 2)).toEqual(['G', 'P']);
    expect(r.log).toContain('hello');
  });

  it('the container command is the bootstrap, which hands over to the agent', async () => {
    const r = await fakeBuild({ buildspec: SPEC });
    const cmd = r.container.spec.cmd ?? [];
    expect(cmd.slice(0, 2)).toEqual(['/bin/sh', '-c']);
    expect(cmd[2]).toContain('exec /bin/sh "$M/agent.sh"');
  });
});
