/**
 * `build -s libsrc:./lib` as the only `-s`: the first `-s` is the primary source (a plain folder), as
 * AWS's local agent reads it, and the message says so and shows the right form (issue 11, docs/fidelity.md).
 */
import { mkdtempSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { existingSourceDir } from '../../../src/engine/codebuild/prepare-build.js';
import { InputError } from '../../../src/errors.js';

function failure(dir: string): InputError {
  try {
    existingSourceDir(dir);
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('expected SOURCE_NOT_FOUND');
}

describe('the primary source folder', () => {
  it('an existing folder is the primary source', () => {
    const dir = mkdtempSync(join(tmpdir(), 'codelocal-src-'));
    expect(existingSourceDir(dir)).toBe(dir);
  });

  it('a first -s written id:dir says that the first -s is the primary source and shows the right form', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'codelocal-src-'));
    mkdirSync(join(cwd, 'lib'));
    const e = failure('libsrc:./lib');
    expect(e.code).toBe('SOURCE_NOT_FOUND');
    expect(e.message).toContain('the first -s is the primary source, a plain folder');
    expect(e.message).toContain("'libsrc:./lib' looks like a secondary source, id:dir");
    expect(e.details).toEqual(['give the primary source first: -s . -s libsrc:./lib']);
  });

  it('a plain missing folder keeps the plain message', () => {
    const e = failure('/no/such/folder');
    expect(e.message).toBe('source folder /no/such/folder does not exist');
  });
});
