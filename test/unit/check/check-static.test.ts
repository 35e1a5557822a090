/**
 * `runCheck` without `--run`: what it finds, how it links a buildspec to its project (the build plan uses
 * the project's settings), what fails an item (a lint error, a plan error) and how fail-fast skips the rest.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCheck } from '../../../src/api/check/index.js';
import { writeFiles, writeRepo } from './fixture-repo.js';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'check-static-'));
  writeRepo(root);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('check (lint + plan)', () => {
  it('finds buildspecs, pipelines and project files; links the buildspec its project runs', async () => {
    const result = await runCheck({ cwd: root });
    const byFile = new Map(result.items.map((r) => [r.item.file, r]));
    expect([...byFile.keys()].sort()).toEqual([
      'alpha/buildspec.yml',
      'beta/ci/buildspec.yml',
      'beta/projects.json',
      'delta/buildspec.yml',
      'gamma/buildspec.yml',
      'pipelines/pipeline.json',
    ]);
    const beta = byFile.get('beta/ci/buildspec.yml')!;
    expect(beta.item.project?.name).toBe('beta-build');
    expect(beta.item.sourceRoot).toBe(join(root, 'beta'));
    expect(beta.item.buildspec).toBe('ci/buildspec.yml');
    expect(beta.item.dependsOn.sort()).toEqual(['beta/projects.json', 'pipelines/pipeline.json']);
    expect(beta.steps.map((s) => s.name)).toEqual(['lint', 'plan']);
    expect(byFile.get('alpha/buildspec.yml')!.item.sourceRoot).toBe(join(root, 'alpha'));
    expect(byFile.get('pipelines/pipeline.json')!.steps[1]).toMatchObject({
      name: 'plan',
      detail: '2 stage(s), 2 action(s)',
    });
    expect(result.counts).toEqual({ passed: 6, failed: 0, skipped: 0 });
  });

  it('a buildspec in a buildspecs/ folder builds from the folder above it', async () => {
    writeFiles(root, { 'svc/buildspecs/unit.yml': 'version: 0.2\nphases:\n  build:\n    commands:\n      - echo\n' });
    const r = (await runCheck({ cwd: root, paths: ['svc'] })).items[0]!;
    expect([r.item.sourceRoot, r.item.buildspec]).toEqual([join(root, 'svc'), 'buildspecs/unit.yml']);
  });

  it('a lint error or a plan error fails the item with a summary naming file:line:column', async () => {
    writeFiles(root, {
      'bad/buildspec.yml': 'version: 0.3\nphases:\n  build:\n    commands:\n      - echo\n',
    });
    const result = await runCheck({ cwd: root });
    const bad = result.items.find((r) => r.item.file === 'bad/buildspec.yml')!;
    expect(bad.status).toBe('failed');
    expect(bad.failure).toBe(
      "bad/buildspec.yml:1:10: unsupported buildspec version '0.3': expected 0.2 (or 0.1) [buildspec-version]",
    );
    expect(bad.steps.map((s) => [s.name, s.status])).toEqual([
      ['lint', 'failed'],
      ['plan', 'failed'],
    ]);
    expect(result.counts.failed).toBe(1);
  });

  it('fail-fast: items after the first failure are skipped, saying why', async () => {
    writeFiles(root, { 'aaa/buildspec.yml': 'version: 0.2\nphases: nope\n' });
    const result = await runCheck({ cwd: root, failFast: true });
    expect(result.items[0]).toMatchObject({ status: 'failed', item: { file: 'aaa/buildspec.yml' } });
    expect(result.items.slice(1).every((r) => r.status === 'skipped')).toBe(true);
    expect(result.items[1]!.skipped).toContain('--fail-fast after aaa/buildspec.yml failed');
  });
});

const cfnPipeline = (project: string) => `
    Type: AWS::CodePipeline::Pipeline
    Properties:
      RoleArn: arn:aws:iam::123456789012:role/pipeline
      ArtifactStore: { Type: S3, Location: artifacts-bucket }
      Stages:
        - Name: Source
          Actions:
            - Name: Source
              ActionTypeId: { Category: Source, Owner: AWS, Provider: S3, Version: '1' }
              Configuration: { S3Bucket: src-bucket, S3ObjectKey: src.zip }
              OutputArtifacts: [{ Name: Src }]
        - Name: Build
          Actions:
            - Name: Build
              ActionTypeId: { Category: Build, Owner: AWS, Provider: CodeBuild, Version: '1' }
              Configuration: { ProjectName: ${project} }
              InputArtifacts: [{ Name: Src }]`;

describe('check: templates', () => {
  it('a template defining two pipelines plans both and links the buildspec their project runs', async () => {
    writeFiles(root, {
      'infra/template.yaml': `AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  First:${cfnPipeline('beta-build')}\n  Second:${cfnPipeline('other')}\n`,
    });
    const result = await runCheck({ cwd: root });
    const template = result.items.find((r) => r.item.file === 'infra/template.yaml')!;
    expect(template.status, template.failure).toBe('passed');
    expect(template.steps[1]!.detail).toMatch(
      /^First: 2 stage\(s\), 2 action\(s\); Second: 2 stage\(s\), 2 action\(s\)$/,
    );
    const beta = result.items.find((r) => r.item.file === 'beta/ci/buildspec.yml')!;
    expect(beta.item.dependsOn).toContain('infra/template.yaml');
  });
});
