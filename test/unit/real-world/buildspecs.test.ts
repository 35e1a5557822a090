/**
 * The real-world buildspec corpus (test/fixtures/real-world/buildspecs/, issue 11): accept what AWS
 * accepts, reject what AWS rejects. Every `ok-*` file plans (`build --dry-run`) and lints without an
 * error; every `bad-*` file is rejected by both with the right code and message; every `batch-*` file
 * plans as a batch (`batch --dry-run`) and is refused by `build` with a pointer to `codelocal batch`.
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planBatchBuild } from '../../../src/api/batch.js';
import { planBuild } from '../../../src/api/build.js';
import { CodelocalError, ValidationError, type ErrorCode } from '../../../src/errors.js';
import { lintFixture, REPO } from '../lint/helpers.js';

const DIR = join(REPO, 'test', 'fixtures', 'real-world', 'buildspecs');
const files = readdirSync(DIR).filter((f) => /\.ya?ml$/.test(f));
const stateDir = mkdtempSync(join(tmpdir(), 'codelocal-real-world-'));
const plan = (buildspec: string) => planBuild({ sourceDir: DIR, buildspec, stateDir });

/** The defect of each `bad-*` file: its code and a fragment of the message. */
const DEFECTS: Record<string, [ErrorCode, string]> = {
  'bad-unquoted-colon.yml': ['BUILDSPEC_ITEM_SUBKEYS', 'Expected Commands[0] to be of string type: found subkeys'],
  'bad-version-missing.yml': ['BUILDSPEC_VERSION_MISSING', "'version' is required"],
  'bad-no-phases.yml': ['BUILDSPEC_PHASES_MISSING', "'phases' is required"],
  'bad-tab-indent.yml': ['YAML_SYNTAX', 'bad-tab-indent.yml:3'],
  'bad-commands-map.yml': ['BUILDSPEC_VALUE_NOT_LIST', 'Expected Commands to be of list type: found subkeys'],
  'bad-on-failure.yml': ['BUILDSPEC_ON_FAILURE_INVALID', 'IGNORE'],
  'bad-version-03.yml': ['BUILDSPEC_VERSION_UNSUPPORTED', "unsupported buildspec version '0.3'"],
  'bad-batch-member-without-buildspec.yml': [
    'BUILDSPEC_PHASES_MISSING',
    "'phases' is required: a batch member without a buildspec of its own runs this one",
  ],
};

/** Bad batch files: `batch --dry-run` rejects them too, with this code and message. */
const BATCH_DEFECTS: Record<string, [ErrorCode, string]> = {
  'bad-batch-member-without-buildspec.yml': [
    'BUILDSPEC_PHASES_MISSING',
    "'phases' is required: a batch member without a buildspec of its own runs this one",
  ],
};

async function rejection(p: Promise<unknown>): Promise<{ codes: string[]; text: string }> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ValidationError)
      return { codes: e.problems.map((x) => x.code), text: e.problems.map((x) => x.describe()).join('\n') };
    if (e instanceof CodelocalError) return { codes: [e.code], text: e.message };
    throw e;
  }
  throw new Error('expected a rejection');
}

const lintErrors = (file: string) =>
  lintFixture(join(DIR, file)).findings.filter((f) => f.severity === 'error' && f.file.endsWith(file));

describe('real-world buildspecs', () => {
  it('the corpus has every kind of file and a defect listed for each bad file', () => {
    expect(files.filter((f) => f.startsWith('ok-')).length).toBeGreaterThan(15);
    expect(files.filter((f) => f.startsWith('bad-')).sort()).toEqual(Object.keys(DEFECTS).sort());
    expect(files.filter((f) => f.startsWith('batch-')).length).toBeGreaterThan(1);
  });

  for (const file of files.filter((f) => f.startsWith('ok-'))) {
    it(`${file}: build --dry-run plans it and lint has no error`, async () => {
      const p = await plan(file);
      expect(p.phases.length).toBeGreaterThan(0);
      expect(lintErrors(file)).toEqual([]);
    });
  }

  for (const [file, [code, fragment]] of Object.entries(DEFECTS)) {
    it(`${file}: rejected with ${code} by build --dry-run and by lint`, async () => {
      const r = await rejection(plan(file));
      expect(r.codes).toContain(code);
      expect(r.text).toContain(fragment);
      expect(lintErrors(file).length).toBeGreaterThan(0);
      if (BATCH_DEFECTS[file]) {
        const b = await rejection(planBatchBuild({ sourceDir: DIR, buildspec: file, stateDir }));
        expect(b.codes).toEqual([BATCH_DEFECTS[file][0]]);
        expect(b.text).toContain(BATCH_DEFECTS[file][1]);
      }
    });
  }

  for (const file of files.filter((f) => f.startsWith('batch-'))) {
    it(`${file}: batch --dry-run plans it; build points to codelocal batch; lint has no error`, async () => {
      const b = await planBatchBuild({ sourceDir: DIR, buildspec: file, stateDir });
      expect(b.builds.length).toBeGreaterThan(1);
      const r = await rejection(plan(file));
      expect(r.codes).toEqual(['BUILDSPEC_BATCH_ONLY']);
      expect(r.text).toContain('is a batch definition');
      expect(r.text).toContain('codelocal batch');
      expect(lintErrors(file)).toEqual([]);
    });
  }
});

describe('what the agent runs past, in the plan', () => {
  it('ok-commands-capitalised.yml: the ignored `Commands` leaves pre_build without commands', async () => {
    const p = await plan('ok-commands-capitalised.yml');
    expect(JSON.stringify(p)).not.toContain('this never runs');
  });

  it('ok-repeated-variable.yml: a repeated variable plans, the last value counts, lint warns (docs/fidelity.md)', async () => {
    const p = await plan('ok-repeated-variable.yml');
    expect(JSON.stringify(p)).toContain('TOOL_VERSION');
    const findings = lintFixture(join(DIR, 'ok-repeated-variable.yml')).findings;
    expect(findings).toContainEqual(
      expect.objectContaining({ ruleId: 'duplicate-key-last-wins', severity: 'warning', line: 8, column: 5 }),
    );
  });

  it('ok-null-items.yml: the null items are skipped', async () => {
    const p = await plan('ok-null-items.yml');
    expect(JSON.stringify(p)).toContain('echo done');
  });

  it('lint warns about what CodeBuild ignores, with the did-you-mean', () => {
    const findings = lintFixture(join(DIR, 'ok-commands-capitalised.yml')).findings;
    expect(findings).toContainEqual(
      expect.objectContaining({
        ruleId: 'unknown-key',
        severity: 'warning',
        message: "unknown key 'Commands' in 'phases.pre_build'; did you mean 'commands'?",
      }),
    );
    const scalar = lintFixture(join(DIR, 'ok-files-scalar.yml')).findings.map((f) => f.ruleId);
    expect(scalar).toContain('scalar-as-list');
    const empty = lintFixture(join(DIR, 'ok-null-items.yml')).findings.map((f) => f.ruleId);
    expect(empty.filter((r) => r === 'empty-command')).toHaveLength(2);
  });
});
