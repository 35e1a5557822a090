import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { agentScript } from '../../../src/engine/codebuild/agent-script.js';
import { debugToolFiles, failureHoldCommand } from '../../../src/engine/codebuild/debug-tools.js';

describe('in-container debug helpers', () => {
  it('ship codebuild-breakpoint and codebuild-resume on PATH, plus the hold and shell scripts', () => {
    const paths = debugToolFiles().map((f) => f.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'usr/local/bin/codebuild-breakpoint',
        'usr/local/bin/codebuild-resume',
        'codebuild/codelocal/pause.sh',
        'codebuild/codelocal/shell.sh',
      ]),
    );
    expect(debugToolFiles().every((f) => f.directory || f.mode === 0o755)).toBe(true);
  });

  it("ships the hold's folder open to every user: a breakpoint in a run-as phase runs as that user", () => {
    expect(debugToolFiles().filter((f) => f.directory)).toEqual([
      { path: 'codebuild/codelocal/mem/debug', directory: true, mode: 0o777 },
    ]);
  });

  it('every generated script is valid POSIX sh', () => {
    const dir = mkdtempSync(join(tmpdir(), 'codelocal-sh-'));
    const scripts = debugToolFiles().filter((f) => f.content !== undefined);
    for (const f of [...scripts, { path: 'agent.sh', content: agentScript() }]) {
      const file = join(dir, f.path.replaceAll('/', '_'));
      writeFileSync(file, f.content!);
      expect(() => execFileSync('sh', ['-n', file])).not.toThrow();
    }
  });

  it('the agent keeps the shell state of a restarted kept container', () => {
    expect(agentScript()).toContain('[ -f "$T/env.sh" ] || cat "$K/env0.sh" >"$T/env.sh"');
  });

  it('a failure hold is bounded (at least 1 s)', () => {
    expect(failureHoldCommand(300)).toBe('/bin/sh /codebuild/codelocal/pause.sh 300 failure');
    expect(failureHoldCommand(0)).toContain(' 1 failure');
  });
});
