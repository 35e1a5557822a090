/**
 * A number whose spelling the build does not keep (`3.10` read as 3.1). Where that happens is the model's
 * business, not YAML's: buildspec values are kept as written (the CodeBuild agent decodes them into
 * strings, and so does our model: `python: 3.10` asks for 3.10), while a CloudFormation template is loaded
 * as data, so a project's `EnvironmentVariables` `Value: 3.10` becomes "3.1". The rule reports only the
 * values the model really changes (the agreement test in test/unit/lint checks this against the model).
 */
import { Scalar, isScalar, type Node } from 'yaml';
import type { Buildspec } from '../../model/index.js';
import { entriesAt, entryOf } from '../buildspec-context.js';
import { projectResources, projectVariables } from '../template-tree.js';
import type { BuildspecContext, Report, TemplateContext } from '../types.js';
import { changedTemplateScalar, writtenText } from '../value-reading.js';
import { buildspecRule } from './define.js';

/** What the model kept for `section.key`, when the buildspec was accepted. */
function modelValue(spec: Buildspec, section: 'runtime' | 'env', phase: string, key: string): string | undefined {
  if (section === 'env') return spec.env.variables[key];
  return spec.phases.find((p) => p.name === phase)?.runtimeVersions?.[key]?.value;
}

function isPlainNumber(node: Node | null): node is Scalar {
  return isScalar(node) && node.type === Scalar.PLAIN && typeof node.value === 'number';
}

function checkBuildspec(ctx: BuildspecContext, report: Report): void {
  const spec = ctx.spec;
  if (!spec) return; // the model did not accept the file: nothing is built from it
  const look = (section: 'runtime' | 'env', phase: string, where: string, keys: string[]) => {
    for (const e of entriesAt(ctx.source, keys)) {
      if (!isPlainNumber(e.value)) continue;
      const written = writtenText(e.value);
      const built = modelValue(spec, section, phase, e.key);
      if (built !== undefined && written !== undefined && built !== written)
        report(
          `${where}.${e.key}: ${written} becomes "${built}" in the build; quote it: ${e.key}: "${written}"`,
          e.pos,
        );
    }
  };
  for (const phase of entriesAt(ctx.source, ['phases'])) {
    if (entryOf(ctx.source, phase.value, 'runtime-versions'))
      look('runtime', phase.key, `phases.${phase.key}.runtime-versions`, ['phases', phase.key, 'runtime-versions']);
  }
  look('env', '', 'env.variables', ['env', 'variables']);
}

function checkTemplate(ctx: TemplateContext, report: Report): void {
  for (const res of projectResources(ctx.source)) {
    for (const [name, value] of projectVariables(ctx.source, res)) {
      const c = changedTemplateScalar(value.value);
      if (!c || c.kind !== 'number') continue;
      const label = isScalar(name.value) ? String(name.value.value) : '?';
      report(
        `${res.logicalId}: environment variable ${label}: Value ${c.written} is a YAML number and becomes "${c.built}" in the project; quote it: Value: "${c.written}"`,
        value.pos,
      );
    }
  }
}

export const yamlNumberChanged = buildspecRule(
  {
    id: 'yaml-number-changed',
    severity: 'warning',
    summary: 'A number whose spelling the build does not keep (a template `Value: 3.10` becomes "3.1").',
    explanation:
      'A buildspec keeps every value as written: the CodeBuild agent reads `runtime-versions` and ' +
      '`env.variables` as strings, so `python: 3.10` asks for Python 3.10 and lint says nothing about it. A ' +
      "CloudFormation template is different: it is loaded as data, so a CodeBuild project's " +
      '`EnvironmentVariables` item `Value: 3.10` is the number 3.1 and the build gets "3.1" (`1.20` gives "1.2", ' +
      '`0x1F` gives "31"). Quote such values: `Value: "3.10"`. The rule reports only values the build really ' +
      'changes.',
  },
  checkBuildspec,
  checkTemplate,
);
