// The guest files are read at run time; these tests pin what the TypeScript around them assumes: every
// file exists, the paths written in the scripts are the constants the host uses, and a command's script
// keeps the user's text on line 4 (docs/aws/codebuild.md §2.3).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { GUEST_FILES, commandHeader, guestFile, guestFilesDir } from '../../../src/guest/index.js';
import { dirname } from 'node:path';
import {
  AGENT_DIR,
  AGENT_PATH,
  COMMAND_HEADER_PATH,
  ENV_FILE,
  MEMORY_DIR,
  STAGED_MEMORY_DIR,
  commandScript,
} from '../../../src/engine/codebuild/agent-script.js';
import { DEBUG_DIR, PAUSED_MARKER, PAUSE_SCRIPT } from '../../../src/engine/codebuild/debug-tools.js';
import { ROUTES_FILE } from '../../../src/local-aws/ecs/proxy.js';
import { LAMBDA_ROOT, bootstrapFor } from '../../../src/local-aws/lambda/bootstrap.js';

describe('guest files', () => {
  it('every listed file exists, and the folder holds nothing unlisted', () => {
    const dir = fileURLToPath(guestFilesDir());
    for (const f of GUEST_FILES) expect(existsSync(`${dir}/${f}`), f).toBe(true);
    const onDisk = execFileSync('find', ['.', '-type', 'f'], { cwd: dir, encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map((f) => f.slice(2))
      .sort();
    expect(onDisk).toEqual([...GUEST_FILES].sort());
  });

  it('is read as it is on disk', () => {
    const dir = guestFilesDir();
    expect(guestFile('codebuild/agent.sh')).toBe(readFileSync(new URL('codebuild/agent.sh', dir), 'utf8'));
  });

  it('the scripts name the paths the host uses', () => {
    expect(guestFile('codebuild/agent.sh')).toContain(`T=${AGENT_DIR}\n`);
    expect(guestFile('codebuild/agent.sh')).toContain(`done < ${COMMAND_HEADER_PATH}\n`);
    expect(guestFile('codebuild/bootstrap.sh')).toContain(`M=${dirname(AGENT_PATH)}\n`);
    expect(guestFile('codebuild/agent.sh')).toContain(`K=${MEMORY_DIR}\n`);
    // The bootstrap names both folders from $M: they must sit beside the agent.
    expect(MEMORY_DIR).toBe(`${dirname(AGENT_PATH)}/mem`);
    expect(STAGED_MEMORY_DIR).toBe(`${dirname(AGENT_PATH)}/staged-mem`);
    expect(guestFile('codebuild/bootstrap.sh')).toContain('cp -a "$M/staged-mem/." "$M/mem/"');
    expect(guestFile('codebuild/pause.sh')).toContain(`D=${DEBUG_DIR}\n`);
    expect(guestFile('codebuild/shell.sh')).toContain(`D=${DEBUG_DIR}\n`);
    expect(guestFile('codebuild/shell.sh')).toContain(`\${CODELOCAL_SHELL_ENV:-${ENV_FILE}}`);
    expect(guestFile('codebuild/codebuild-breakpoint.sh')).toContain(`exec /bin/sh ${PAUSE_SCRIPT} 0 breakpoint\n`);
    expect(guestFile('codebuild/codebuild-resume.sh')).toContain(`rm -f ${PAUSED_MARKER}\n`);
    expect(commandHeader()).toContain(`export -p > ${ENV_FILE};`);
    expect(guestFile('ecs/proxy.cjs')).toContain(`const file = '${ROUTES_FILE}';`);
    for (const python of [false, true]) {
      expect(bootstrapFor(python)).toContain(`${LAMBDA_ROOT}/task`);
      expect(bootstrapFor(python)).toContain(`${LAMBDA_ROOT}/event.json`);
    }
  });

  it("a command's script has the user's text on line 4, and no comment of the header file", () => {
    const script = commandScript('echo hi');
    const lines = script.split('\n');
    expect(lines[0]).toBe('#!/bin/sh');
    expect(lines[1]).toMatch(/^\. "\$CODELOCAL_ENV"/);
    expect(lines[2]).toMatch(/^if \[ "\$CODELOCAL_MODE" = keep \]/);
    expect(lines[3]).toBe('echo hi');
    expect(script.endsWith('echo hi\n')).toBe(true);
  });

  it('the golang stand-in takes its images as build arguments', () => {
    const dockerfile = guestFile('registry/golang.Dockerfile');
    expect(dockerfile).toMatch(/^ARG STANDARD_IMAGE$/m);
    expect(dockerfile).toMatch(/^ARG BASE_IMAGE$/m);
    expect(dockerfile).toContain('FROM ${STANDARD_IMAGE} AS toolchain\nFROM ${BASE_IMAGE}\n');
  });
});
