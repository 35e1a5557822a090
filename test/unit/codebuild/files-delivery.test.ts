// How a new build container gets its files (src/engine/codebuild/files-delivery.ts, bootstrap.sh), through the
// fake runtime: the tar goes to the bootstrap's stdin, padded to whole 10 KiB records, and the agent's first request
// (the ping) only after the bootstrap said `untar 0`; an image without GNU tar gets the files through the engine
// and the bootstrap a `G`. Either way the agent runs the same scripts with the same environment. codelocal's own
// folder (/codebuild/codelocal/mem) is in memory (a scratch tmpfs) for a build that is not kept; the engine's upload
// cannot reach it in a running container, so that path stages its files beside it (the fake drops uploads into
// scratch, as the engine does).
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
    // Staged, then moved in by the bootstrap: the commands and the environment are where the agent reads them.
    expect(r.container.text('/codebuild/codelocal/mem/env0.sh')).toContain('GREETING');
    expect(r.container.text('/codebuild/codelocal/staged-mem/env0.sh')).toBeUndefined();
    expect(r.container.text('/codebuild/codelocal/agent.sh')).toContain('codelocal build agent');
  });

  it("codelocal's own folder is in memory, except in a kept container (its shell state outlives a restart)", async () => {
    const plain = await fakeBuild({ buildspec: SPEC });
    expect(plain.container.spec.scratch).toEqual(['/codebuild/codelocal/mem']);
    const kept = await fakeBuild({ buildspec: SPEC, request: { keep: true } });
    expect(kept.build.buildStatus).toBe('SUCCEEDED');
    expect(kept.container.spec.scratch).toEqual([]);
  });

  it('a failed move of the staged files is a FAULT with what the bootstrap said', async () => {
    const r = await fakeBuild({ buildspec: SPEC, noGnuTar: true, stagedMoveFails: 'cp: no space left on device' });
    expect(r.build.buildStatus).toBe('FAULT');
    expect(r.log).toContain(
      "codelocal could not unpack the build's files in the container: cp: no space left on device",
    );
    expect(r.container.ran).toEqual([]);
  });

  it('the container command is the bootstrap, which hands over to the agent', async () => {
    const r = await fakeBuild({ buildspec: SPEC });
    const cmd = r.container.spec.cmd ?? [];
    expect(cmd.slice(0, 2)).toEqual(['/bin/sh', '-c']);
    expect(cmd[2]).toContain('exec /bin/sh "$M/agent.sh"');
  });
});
