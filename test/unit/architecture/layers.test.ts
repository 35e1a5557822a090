/**
 * Tests of the layer rules in .dependency-cruiser.mjs: they must catch a reversed import (type-only too), a
 * reach past a layer's face and an import cycle in a small fixture tree, and the real src/ must pass them.
 * Why: a rule checker that is misconfigured passes everything silently; this proves it bites.
 */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cruise, type ICruiseResult, type IViolation } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';

const repoRoot = resolve(import.meta.dirname, '../../..');
const fixtureRoot = resolve(repoRoot, 'test/fixtures/layers');

async function cruiseWithProjectRules(baseDir: string): Promise<ICruiseResult> {
  const options = await extractDepcruiseOptions(resolve(repoRoot, '.dependency-cruiser.mjs'));
  const tsConfigFile = resolve(repoRoot, 'tsconfig.json');
  const result = await cruise(
    ['src'],
    { ...options, validate: true, baseDir },
    {},
    { tsConfig: extractTSConfig(tsConfigFile) },
  );
  return result.output as ICruiseResult;
}

function describeViolation(violation: IViolation): string {
  return `${violation.rule.severity} ${violation.rule.name}: ${violation.from} -> ${violation.to}`;
}

describe('layer rules (.dependency-cruiser.mjs)', () => {
  it('reports a reversed import, a reach past the face and a cycle in the fixture tree', async () => {
    const result = await cruiseWithProjectRules(fixtureRoot);
    const found = result.summary.violations.map(describeViolation);
    expect(found).toContain('error layer-order: model must not import api: src/model/reversed.ts -> src/api/index.ts');
    // Severity left out: the face rule is a warning until the renovation lands, an error after.
    expect(found.map((line) => line.replace(/^(warn|error) /, ''))).toContain(
      'layer-face: import another layer through its index.ts: src/api/index.ts -> src/model/names.ts',
    );
    const cycles = result.summary.violations.filter((v) => v.rule.name === 'no-circular');
    expect(cycles.map((v) => v.rule.severity)).toContain('error');
    const cycleMembers = cycles.flatMap((v) => (v.cycle ?? []).map((step) => step.name));
    expect(cycleMembers).toEqual(expect.arrayContaining(['src/plan/first.ts', 'src/plan/second.ts']));
    // The import through the face is allowed.
    expect(found.join('\n')).not.toContain('src/api/index.ts -> src/model/index.ts');
  });

  it('counts a type-only import as a dependency (a reversed one is an error too)', async () => {
    const result = await cruiseWithProjectRules(fixtureRoot);
    const typeOnly = result.summary.violations.find((v) => v.from === 'src/model/typed.ts');
    expect(typeOnly && describeViolation(typeOnly)).toBe(
      'error layer-order: model must not import api: src/model/typed.ts -> src/api/index.ts',
    );
    expect(typeOnly?.dependencyTypes).toContain('type-only');
  });

  it('finds no error-level violation in the real src/', async () => {
    const result = await cruiseWithProjectRules(repoRoot);
    const errors = result.summary.violations.filter((v) => v.rule.severity === 'error');
    expect(errors.map(describeViolation)).toEqual([]);
    expect(result.summary.totalCruised).toBeGreaterThan(100);
  });
});
