import { afterEach, describe, expect, it, vi } from 'vitest';
import { fileURLToPath } from 'node:url';
import { main } from '../../../src/cli/main.js';
import { basePipeline, fixture, valuePos, writeTemp } from './helpers.js';

const example = (name: string) => fileURLToPath(new URL(`../../../examples/seed-ecs/${name}`, import.meta.url));

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
  try {
    const code = await main(['node', 'codelocal', ...args]);
    return { code, out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
    process.exitCode = undefined;
  }
}

afterEach(() => {
  process.exitCode = undefined;
});

describe('codelocal pipeline validate', () => {
  it('exit 0 and a summary for a valid pipeline', async () => {
    const r = await run('pipeline', 'validate', example('pipeline.json'));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/pipeline myapp-pipeline is valid \(3 stages, 3 actions\)/);
  });

  it('exit 2 with every error as file:line:column: message', async () => {
    const p = basePipeline();
    p.stages = [p.stages[0]];
    p.name = 'bad name';
    const file = writeTemp(JSON.stringify(p, null, 2));
    const r = await run('pipeline', 'validate', file);
    expect(r.code).toBe(2);
    expect(r.err.split('\n').filter(Boolean)).toEqual([
      `${file}:2:11: 1 validation error detected: Value 'bad name' at 'pipeline.name' failed to satisfy constraint: Member must satisfy regular expression pattern: [A-Za-z0-9.@\\-_]+`,
      `${file}:8:13: Pipeline has only 1 stage(s). There should be a minimum of 2 stages in a pipeline`,
      `${file}:8:13: Pipeline must have at least one stage that contains a non-source action`,
      `${file}: 3 errors`,
    ]);
  });

  it('--json reports validity, errors with positions and warnings', async () => {
    const p = basePipeline();
    p.stages[1].actions[0].inputArtifacts = [];
    const text = JSON.stringify({ pipeline: p }, null, 2);
    const file = writeTemp(text);
    const r = await run('pipeline', 'validate', file, '--json');
    const [line, column] = valuePos(text, 'inputArtifacts').split(':').map(Number);
    expect(r.code).toBe(2);
    const json = JSON.parse(r.out);
    expect(json).toMatchObject({ file, valid: false, pipeline: 'demo', format: 'api', pipelineType: 'V1' });
    expect(json.errors).toEqual([
      {
        code: 'PIPELINE_INVALID_ACTION',
        message: 'Action Build declares 0 input artifacts which is less than the minimum count (1)',
        file,
        line,
        column,
      },
    ]);
  });

  it('unreadable YAML is reported the same way, exit 2', async () => {
    const file = writeTemp('stages: [\n', 'yaml');
    const r = await run('pipeline', 'validate', file);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(new RegExp(`^${file}:\\d+:\\d+: `));
  });

  it('--parameter-overrides is accepted before or after FILE', async () => {
    const t = fixture('cfn-roundtrip.yaml');
    const after = await run('pipeline', 'validate', t, '--parameter-overrides', 'PipelineName=renamed');
    expect(after.code).toBe(0);
    expect(after.out).toContain('pipeline renamed is valid');
    const before = await run('pipeline', 'validate', '--parameter-overrides', 'PipelineName=other', t);
    expect(before.out).toContain('pipeline other is valid');
    const bad = await run('pipeline', 'validate', t, '--parameter-overrides', 'oops=1', 'x');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("--parameter-overrides expects NAME=VALUE, got 'x'");
  });
});

describe('codelocal pipeline plan', () => {
  it('prints the plan; --variable values reach it; --json prints the plan object', async () => {
    const p = basePipeline();
    p.pipelineType = 'V2';
    p.variables = [{ name: 'env' }];
    const file = writeTemp(JSON.stringify(p, null, 2));
    const text = await run('pipeline', 'plan', file, '--variable', 'env=prod');
    expect(text.code).toBe(0);
    expect(text.out).toContain('variables: env="prod" (override)');
    const json = await run('pipeline', 'plan', file, '--variable', 'env=prod', '--json');
    expect(JSON.parse(json.out).variables).toEqual([{ name: 'env', value: 'prod', source: 'override' }]);
  });

  it('an invalid pipeline is not planned (exit 2)', async () => {
    const p = basePipeline();
    p.stages = [p.stages[0]];
    const r = await run('pipeline', 'plan', writeTemp(JSON.stringify(p)));
    expect(r.code).toBe(2);
    expect(r.err).toContain('Pipeline has only 1 stage(s)');
  });
});
