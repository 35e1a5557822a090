/**
 * Environment values are strings; the question is which string the build gets. A buildspec keeps
 * `DEBUG: yes` and `PORT: 8080` as written (the model's scalarText, like the agent's Go decoder), so
 * those are not reported: only an empty or null value, which becomes "" (value-reading.ts). A
 * CloudFormation template is loaded as data: `Value: yes` becomes "true" there, and that is reported.
 */
import { isScalar } from 'yaml';
import { isNullNode } from '../../model/index.js';
import { entriesAt } from '../buildspec-context.js';
import { projectResources, projectVariables } from '../template-tree.js';
import type { BuildspecContext, Report, TemplateContext } from '../types.js';
import { changedTemplateScalar } from '../value-reading.js';
import { buildspecRule } from './define.js';

function checkBuildspec(ctx: BuildspecContext, report: Report): void {
  for (const section of ['variables', 'parameter-store']) {
    for (const e of entriesAt(ctx.source, ['env', section])) {
      if (isNullNode(e.value))
        report(
          `env.${section}.${e.key} has no value (YAML null): it becomes an empty string; write "" if meant`,
          e.pos,
        );
    }
  }
}

function checkTemplate(ctx: TemplateContext, report: Report): void {
  for (const res of projectResources(ctx.source)) {
    for (const [name, value] of projectVariables(ctx.source, res)) {
      const c = changedTemplateScalar(value.value);
      if (!c || c.kind !== 'boolean') continue;
      const label = isScalar(name.value) ? String(name.value.value) : '?';
      report(
        `${res.logicalId}: environment variable ${label}: Value ${c.written} is a YAML boolean and becomes "${c.built}" in the project; quote it: Value: "${c.written}"`,
        value.pos,
      );
    }
  }
}

export const envValueType = buildspecRule(
  {
    id: 'env-value-type',
    severity: 'warning',
    summary: 'Environment values the build does not get as written (empty buildspec values, template booleans).',
    explanation:
      'A buildspec keeps `env.variables` values as written: `DEBUG: yes` gives "yes" and `PORT: 8080` gives ' +
      '"8080", as the CodeBuild agent reads them, so lint does not ask you to quote them. An empty value ' +
      '(`TOKEN:` or `~`) is YAML null and becomes the empty string: write `""` if that is meant. In a ' +
      "CloudFormation template a CodeBuild project's `EnvironmentVariables` are loaded as data, so `Value: yes` " +
      'or `Value: on` become "true" (numbers are reported by yaml-number-changed): quote them.',
  },
  checkBuildspec,
  checkTemplate,
);
