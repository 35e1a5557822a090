/** `build -m`: which host paths a bind-mounted build must not see, and the mounts that cover them (issue 17). */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hidingMounts, stateInSource } from '../../../src/engine/codebuild/bind-hidden.js';

const src = mkdtempSync(join(tmpdir(), 'codelocal-hidden-'));
const outside = mkdtempSync(join(tmpdir(), 'codelocal-hidden-out-'));
afterAll(() => [src, outside].forEach((d) => rmSync(d, { recursive: true, force: true })));
mkdirSync(join(src, '.codelocal'));
writeFileSync(join(src, '.codelocal', 'stubs.yml'), 'x');
writeFileSync(join(src, 'codelocal.stubs.yml'), 'secrets: {}\n');
mkdirSync(join(src, 'conf'));
writeFileSync(join(src, 'conf', 'more.stubs.yml'), 'x');

describe('bind-mounted builds: the state folder and stub files are covered', () => {
  it('keeps existing paths inside the source, drops ones outside or nested in another', () => {
    const hidden = stateInSource(src, [
      join(src, '.codelocal'),
      join(src, '.codelocal', 'stubs.yml'),
      join(src, 'conf', 'more.stubs.yml'),
      join(src, 'missing.yml'),
      join(outside, 'stubs.yml'),
      src,
    ]);
    expect(hidden).toEqual([
      join(src, '.codelocal'),
      join(src, 'codelocal.stubs.yml'),
      join(src, 'conf', 'more.stubs.yml'),
    ]);
  });

  it('a folder gets an empty read-only tmpfs, a file an empty read-only file', () => {
    const m = hidingMounts(
      src,
      '/codebuild/output/src1/src',
      stateInSource(src, [join(src, 'conf', 'more.stubs.yml')]),
    );
    expect(m.tmpfs).toEqual([{ target: '/codebuild/output/src1/src/.codelocal', readOnly: true }]);
    expect(m.binds.map((b) => [b.target, b.readOnly])).toEqual([
      ['/codebuild/output/src1/src/codelocal.stubs.yml', true],
      ['/codebuild/output/src1/src/conf/more.stubs.yml', true],
    ]);
    const empty = m.binds[0]!.source;
    expect(statSync(empty).size).toBe(0);
    expect(readFileSync(empty, 'utf8')).toBe('');
  });
});
