/** Shared fixtures for pipeline tests: a valid base pipeline, temp files, expected positions. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { readPipeline, type LoadPipelineOptions, type LoadedPipelineResult } from '../../../src/model/pipeline.js';

export const fixture = (name: string) => fileURLToPath(new URL(`../../fixtures/pipeline/${name}`, import.meta.url));

const dir = mkdtempSync(join(tmpdir(), 'codelocal-pipeline-test-'));
let counter = 0;

export function writeTemp(text: string, ext = 'json'): string {
  const file = join(dir, `p${++counter}.${ext}`);
  writeFileSync(file, text);
  return file;
}

export const CODEBUILD = { category: 'Build', owner: 'AWS', provider: 'CodeBuild', version: '1' };
export const CONNECTION = { category: 'Source', owner: 'AWS', provider: 'CodeStarSourceConnection', version: '1' };
export const COMMANDS = { category: 'Compute', owner: 'AWS', provider: 'Commands', version: '1' };
export const MANUAL = { category: 'Approval', owner: 'AWS', provider: 'Manual', version: '1' };

/** A valid two-stage pipeline (connection source -> CodeBuild); tests mutate a fresh copy. */
export function basePipeline(): any {
  return {
    name: 'demo',
    roleArn: 'arn:aws:iam::123456789012:role/demo',
    artifactStore: { type: 'S3', location: 'demo-artifacts' },
    stages: [
      {
        name: 'Source',
        actions: [
          {
            name: 'Src',
            actionTypeId: { ...CONNECTION },
            configuration: {
              ConnectionArn: 'arn:aws:codestar-connections:us-east-1:123456789012:connection/abc',
              FullRepositoryId: 'org/repo',
              BranchName: 'main',
            },
            outputArtifacts: [{ name: 'SourceOutput' }],
            namespace: 'SourceVariables',
          },
        ],
      },
      {
        name: 'Build',
        actions: [
          {
            name: 'Build',
            actionTypeId: { ...CODEBUILD },
            configuration: { ProjectName: 'demo-build' },
            inputArtifacts: [{ name: 'SourceOutput' }],
            outputArtifacts: [{ name: 'BuildOutput' }],
          },
        ],
      },
    ],
  };
}

export interface Checked {
  file: string;
  text: string;
  loaded: LoadedPipelineResult;
  errors: string[];
  /** `line:column: message` for each error (the file name is the temp file). */
  located: string[];
  warnings: string[];
}

/** Writes the pipeline as get-pipeline prints it (2-space JSON) and validates it. */
export function check(pipeline: unknown, options: LoadPipelineOptions = {}): Checked {
  const text = JSON.stringify({ pipeline }, null, 2);
  return checkFile(writeTemp(text), text, options);
}

export function checkFile(file: string, text: string, options: LoadPipelineOptions = {}): Checked {
  const { loaded, errors } = readPipeline(file, options);
  return {
    file,
    text,
    loaded,
    errors: errors.map((e) => e.message),
    located: errors.map((e) => `${e.position?.line}:${e.position?.column}: ${e.message}`),
    warnings: loaded.warnings.map((w) => w.message),
  };
}

/** Line:column of the value after `"key": ` (the nth occurrence, 0-based; -1 = the last) in JSON text. */
export function valuePos(text: string, key: string, nth = 0): string {
  const hits: number[] = [];
  for (let at = text.indexOf(`"${key}": `); at >= 0; at = text.indexOf(`"${key}": `, at + 1)) hits.push(at);
  const at = nth < 0 ? hits[hits.length + nth] : hits[nth];
  if (at === undefined) throw new Error(`"${key}" not found ${nth} times`);
  const before = text.slice(0, at + key.length + 4).split('\n');
  return `${before.length}:${before[before.length - 1]!.length + 1}`;
}

export function expectValid(c: Checked): void {
  expect(c.errors).toEqual([]);
}
