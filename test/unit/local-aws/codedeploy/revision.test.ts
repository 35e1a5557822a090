/** Revision checks (docs/aws/codedeploy.md §2): appspec.yml at the root, no link leading out of the revision. */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readRevision } from '../../../../src/local-aws/codedeploy/revision.js';

const made: string[] = [];
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));

function revision(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'codelocal-rev-'));
  made.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const SPEC = 'version: 0.0\nos: linux\nhooks:\n  AfterInstall:\n    - location: scripts/after.sh\n';

describe('the revision', () => {
  it('is read with its appspec, a link inside it is fine', () => {
    const dir = revision({ 'appspec.yml': SPEC, 'scripts/after.sh': 'true\n' });
    symlinkSync('scripts/after.sh', join(dir, 'inside-link'));
    expect(readRevision(dir, 'Rev').appspec.hooks.AfterInstall).toHaveLength(1);
  });

  it('refuses a link that leads outside the revision (security rule: host files are never read through it)', () => {
    const dir = revision({ 'appspec.yml': SPEC, 'scripts/after.sh': 'true\n' });
    symlinkSync('/etc/passwd', join(dir, 'scripts', 'passwd'));
    expect(() => readRevision(dir, 'Rev')).toThrow(/scripts\/passwd is a link that leads outside the revision/);
  });

  it('needs appspec.yml at its root and every hook script in it', () => {
    expect(() => readRevision(revision({ 'appspec.yaml': SPEC }), 'Rev')).toThrow(
      'Rev has no appspec.yml at its root (appspec.yaml is there: the file must be named appspec.yml)',
    );
    expect(() => readRevision(revision({ 'appspec.yml': SPEC }), 'Rev')).toThrow(
      'hook script scripts/after.sh is not in the revision',
    );
  });
});
