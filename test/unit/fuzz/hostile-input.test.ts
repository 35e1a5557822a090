/**
 * Hostile and broken input through every public parse/validate/plan/lint entry point (issue 17,
 * docs/limits.md): mutated copies of the repository's own fixtures and examples, plus the known
 * resource-exhaustion shapes (alias bombs, merge-key chains, deep nesting, huge scalars, aliases to
 * nothing or to themselves). Each call must return, or throw a codelocal error with a code and a
 * position; none may take over 2 s; a syntax error must reach lint's findings.
 *
 * Seeded and bounded: FUZZ_RUNS (default 1,000 inputs; the nightly-sized run documented in
 * docs/testing.md uses 10,000) and FUZZ_SEED make a failure reproducible.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  CodelocalError,
  dryRunPipeline,
  lint,
  loadProjects,
  loadTemplate,
  parseBuildspec,
  planPipelineFile,
  validatePipelineFile,
} from '../../../src/index.js';
import { hostileShapes, mutate, type Mutation } from './mutations.js';

const lintSettings = () => ({ rules: new Map(), projectFiles: [], findings: [] });
const RUNS = Number(process.env.FUZZ_RUNS ?? 1000);
const SEED = Number(process.env.FUZZ_SEED ?? 20261204);
const CALL_LIMIT_MS = 2000;
const CALL_MEMORY_LIMIT = 256 * 2 ** 20;
/** Program values that must never reach a message (issue 17: an action without a name, `version: .nan`). */
const LEAKS = /\bundefined\b|\[object Object\]|\bNaN\b/;

const work = mkdtempSync(join(tmpdir(), 'codelocal-fuzz-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function seedFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (name === 'node_modules' || name.startsWith('.')) continue;
    if (statSync(path).isDirectory()) seedFiles(path, out);
    else if (['.yml', '.yaml', '.json'].includes(extname(name)) && statSync(path).size < 64_000) out.push(path);
  }
  return out;
}

const seeds = [...seedFiles('examples'), ...seedFiles('test/fixtures/lint'), ...seedFiles('test/fixtures/model')]
  .filter((f) => !f.endsWith('.schema.json'))
  .map((f) => ({ name: f, text: readFileSync(f, 'utf8') }));

type Entry = (file: string, text: string) => unknown;

const entries: Record<string, Entry> = {
  parseBuildspec: (file, text) => parseBuildspec(text, file),
  loadTemplate: (file) => loadTemplate(file),
  loadProjects: (file) => loadProjects(file),
  validatePipelineFile: (file) => validatePipelineFile(file),
  planPipelineFile: (file) => planPipelineFile(file),
  dryRunPipeline: (file) => dryRunPipeline({ file, cwd: work, stateDir: join(work, 'state') }),
  lint: (file) => lint({ paths: [file], cwd: work, settings: lintSettings() }),
};

/** What went wrong with one call, or undefined when it behaved. */
function judge(name: string, call: () => unknown): string | undefined {
  const started = performance.now();
  const heapBefore = process.memoryUsage().heapUsed;
  try {
    const result = call() as { findings?: { message: string }[] } | undefined;
    const leaked = result?.findings?.find((f) => LEAKS.test(f.message));
    if (leaked) return `${name}: finding shows a program value: ${leaked.message.slice(0, 200)}`;
  } catch (e) {
    if (!(e instanceof CodelocalError))
      return `${name}: foreign ${(e as Error)?.constructor?.name}: ${String((e as Error)?.message).slice(0, 200)}`;
    if (!/^[A-Z][A-Z0-9_]+$/.test(e.code)) return `${name}: bad code ${e.code}`;
    if (e.kind === 'input' && !e.position) return `${name}: ${e.code} without a position: ${e.message.slice(0, 200)}`;
    if (e.message.length > 1200) return `${name}: message of ${e.message.length} characters`;
    const leaked = [e.message, ...e.details].find((m) => LEAKS.test(m));
    if (leaked) return `${name}: message shows a program value: ${leaked.slice(0, 200)}`;
  }
  const took = performance.now() - started;
  if (took > CALL_LIMIT_MS) return `${name}: took ${Math.round(took)} ms`;
  // Memory a call kept (what it allocates and drops is collected later): the 256 MB bound.
  const grew = process.memoryUsage().heapUsed - heapBefore;
  if (grew > CALL_MEMORY_LIMIT) return `${name}: heap grew by ${Math.round(grew / 2 ** 20)} MiB`;
  return undefined;
}

function runAll(text: string, label: string): string[] {
  const file = join(work, `input-${label}.yml`);
  writeFileSync(file, text);
  const problems: string[] = [];
  for (const [name, entry] of Object.entries(entries)) {
    const p = judge(name, () => entry(file, text));
    if (p) problems.push(p);
  }
  return problems;
}

describe('hostile input (issue 17): only codelocal errors, bounded time', () => {
  it('has seeds to mutate', () => {
    expect(seeds.length).toBeGreaterThan(20);
  });

  it.each(Object.entries(hostileShapes()))('refuses %s quickly with a codelocal error', (label, text) => {
    expect(runAll(text, label)).toEqual([]);
  });

  it(`survives ${RUNS} mutated fixtures (seed ${SEED})`, { timeout: 600_000 }, () => {
    const mutation: fc.Arbitrary<Mutation[]> = fc.array(
      fc.record({ kind: fc.nat(9), at: fc.double({ min: 0, max: 1, noNaN: true }), pick: fc.nat(1000) }),
      { minLength: 1, maxLength: 4 },
    );
    const failures: string[] = [];
    fc.assert(
      fc.property(fc.nat(seeds.length - 1), mutation, (seedIndex, steps) => {
        const seed = seeds[seedIndex]!;
        const text = mutate(seed.text, steps);
        const problems = runAll(text, 'mutated');
        if (problems.length > 0) failures.push(`${seed.name} ${JSON.stringify(steps)}: ${problems.join('; ')}`);
        return true;
      }),
      { numRuns: RUNS, seed: SEED },
    );
    if (process.env.FUZZ_REPORT) writeFileSync(process.env.FUZZ_REPORT, failures.join('\n'));
    expect(failures.slice(0, 20)).toEqual([]);
  });

  it('reports a YAML syntax error as a lint finding', () => {
    for (const [name, text] of [
      ['buildspec.yml', 'version: 0.2\nphases:\n  build:\n    commands: [echo\n  x: y\n'],
      ['template.yaml', 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  A: [\n'],
      ['other.yml', 'foo: [\n'],
    ]) {
      const file = join(work, name!);
      writeFileSync(file, text!);
      const result = lint({ paths: [file], cwd: work, settings: lintSettings() });
      expect(result.findings.filter((f) => f.severity === 'error').map((f) => f.ruleId)).toContain('yaml-syntax');
    }
  });
});
