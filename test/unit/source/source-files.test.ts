/** What a build's source copy holds: never the stub file or the state folder (issue 17, docs/stubs.md). */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listSourceFiles } from '../../../src/engine/source/source-files.js';

describe('source listing', () => {
  it('leaves out codelocal.stubs.yml and .codelocal/, silently, and keeps the rest', () => {
    const root = mkdtempSync(join(tmpdir(), 'codelocal-src-'));
    writeFileSync(join(root, 'codelocal.stubs.yml'), 'secrets:\n  token: s3cr3t\n');
    mkdirSync(join(root, '.codelocal'));
    writeFileSync(join(root, '.codelocal', 'stubs.yml'), 'secrets:\n  other: s3cr3t\n');
    mkdirSync(join(root, 'sub'));
    writeFileSync(join(root, 'sub', 'codelocal.stubs.yml'), 'kept: only the root file is the stub file\n');
    writeFileSync(join(root, 'buildspec.yml'), 'version: 0.2\n');
    const listing = listSourceFiles(root);
    const paths = listing.entries.map((e) => e.path);
    expect(paths).toEqual(['buildspec.yml', 'sub', 'sub/codelocal.stubs.yml']);
    expect(listing.ignored).toEqual([]);
  });
});
