/**
 * The real-world pipeline and template corpus (issue 11): our own files reproducing the shapes public
 * pipelines take (get-pipeline output with metadata and a region on every action, create-pipeline and
 * update-pipeline input, V1 and V2, triggers and variables, CodeStar sources, cross-region artifact
 * stores, short-form and JSON templates, SAM, AWS::Include, nested stacks, Conditions, parameters
 * without defaults, repeated keys). Every file AWS would run passes `pipeline validate`, `plan`,
 * `run --dry-run` and `lint` without an error; every `bad-*` file is rejected with the right message.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dryRunPipeline } from '../../../src/api/pipeline-dry-run.js';
import { planPipelineFile, validatePipelineFile } from '../../../src/api/pipeline-plan.js';
import { lint } from '../../../src/lint/index.js';

const ROOT = join(import.meta.dirname, '../../fixtures/real-world');
const FILES = ['pipelines', 'templates'].flatMap((d) =>
  readdirSync(join(ROOT, d))
    .sort()
    .map((f) => join(ROOT, d, f)),
);
const name = (f: string) => f.slice(ROOT.length + 1);

/** Values a user gives with --parameter-overrides for parameters without defaults. */
const PARAMETERS: Record<string, Record<string, string>> = {
  'templates/short-form-conditions-no-defaults.yaml': {
    GitHubConnectionArn: 'arn:aws:codestar-connections:us-east-1:123456789012:connection/0a1b2c3d',
    RepositoryId: 'example-org/service',
    Environment: 'prod',
  },
};

/** What each defective file is rejected for (code and a piece of the message). */
const DEFECTS: Record<string, { code: string; message: string }> = {
  'pipelines/bad-input-artifact-never-produced.json': {
    code: 'PIPELINE_INVALID_ACTION',
    message: "Input artifact 'SourceArtfact' of action Build is not the output artifact of any action",
  },
  'pipelines/bad-source-in-other-region.json': {
    code: 'PIPELINE_INVALID_ACTION',
    message: 'Action Source is a source action and cannot run in region us-west-2',
  },
  // update-pipeline input (get-pipeline without its metadata) read in the default region: refused as AWS
  // would in us-east-1, with the way past named (docs/fidelity.md, get-pipeline output and its region).
  'pipelines/bad-update-input-every-action-other-region.json': {
    code: 'PIPELINE_INVALID_ACTION',
    message: 'if the pipeline lives in eu-west-2, read it there with --region eu-west-2',
  },
  'templates/bad-custom-action-missing-required.yaml': {
    code: 'PIPELINE_INVALID_ACTION',
    message: "Action configuration for action 'Mirror' is missing required configuration 'Ref'",
  },
  'templates/bad-configuration-list-value.yaml': {
    code: 'PIPELINE_TEMPLATE',
    message: 'Value of property Configuration must be an object with String (or simple type) properties',
  },
  'templates/bad-ref-to-missing-resource.yaml': {
    code: 'TEMPLATE_REF',
    message: "unresolved reference 'ArtifactBucket'",
  },
};

/** Files AWS accepts that still get a warning of codelocal's own (code), never an error. */
const WARNED: Record<string, string> = {
  'templates/cloudformation-role-arn-conditional.yaml': 'PIPELINE_CONFIGURATION_MISSING',
  'templates/custom-action-type-registered-elsewhere.yaml': 'PIPELINE_CUSTOM_ACTION_TYPE',
};

const state = mkdtempSync(join(tmpdir(), 'codelocal-corpus-'));
afterAll(() => rmSync(state, { recursive: true, force: true }));
const where = { cwd: state, stateDir: join(state, 'state') };

describe('real-world pipeline corpus (issue 11)', () => {
  it('covers both folders and marks every defect it holds', () => {
    expect(FILES.filter((f) => name(f).startsWith('pipelines/')).length).toBeGreaterThanOrEqual(8);
    expect(FILES.filter((f) => name(f).startsWith('templates/')).length).toBeGreaterThanOrEqual(8);
    const bad = FILES.map(name).filter((n) => n.split('/')[1]!.startsWith('bad-'));
    expect(bad.sort()).toEqual(Object.keys(DEFECTS).sort());
  });

  for (const file of FILES.filter((f) => !name(f).split('/')[1]!.startsWith('bad-'))) {
    const parameterOverrides = PARAMETERS[name(file)] ?? {};
    it(`${name(file)}: validates, plans, dry-runs and lints without an error`, () => {
      const report = validatePipelineFile(file, { parameterOverrides });
      expect(report.errors.map((e) => e.message)).toEqual([]);
      expect(report.valid).toBe(true);
      const plan = planPipelineFile(file, { ...where, parameterOverrides });
      expect(plan.stages.length).toBeGreaterThanOrEqual(2);
      const dry = dryRunPipeline({ file, ...where, parameterOverrides });
      expect(dry.actions.length).toBe(plan.stages.flatMap((s) => s.groups.flatMap((g) => g.actions)).length);
      const errors = lint({ paths: [file], cwd: state }).findings.filter((f) => f.severity === 'error');
      expect(errors.map((f) => `${f.ruleId}: ${f.message}`)).toEqual([]);
    });
  }

  for (const [file, code] of Object.entries(WARNED)) {
    it(`${file}: accepted with the warning ${code}`, () => {
      const report = validatePipelineFile(join(ROOT, file));
      expect(report.valid).toBe(true);
      expect(report.warnings.map((w) => w.code)).toContain(code);
    });
  }

  for (const [file, want] of Object.entries(DEFECTS)) {
    it(`${file}: rejected with ${want.code}`, () => {
      const report = validatePipelineFile(join(ROOT, file));
      expect(report.valid).toBe(false);
      expect(report.errors.map((e) => e.code)).toContain(want.code);
      expect(report.errors.map((e) => e.message).join('\n')).toContain(want.message);
      const errors = lint({ paths: [join(ROOT, file)], cwd: state }).findings.filter((f) => f.severity === 'error');
      expect(errors.length).toBeGreaterThan(0);
    });
  }
});
