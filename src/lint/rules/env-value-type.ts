/**
 * Environment values are strings. YAML makes `true`, `yes`, `off`, `8080` and an empty value into
 * booleans, numbers and null; the build still gets text, but not always the text the author meant
 * (`yes` vs `true`), and every schema-aware editor flags them.
 */
import { isScalar, Scalar } from 'yaml';
import { isNullNode } from '../../model/index.js';
import { entriesAt } from '../buildspec-context.js';
import { buildspecRule } from './define.js';
import { changedNumber } from './yaml-number-changed.js';

export const envValueType = buildspecRule(
  {
    id: 'env-value-type',
    severity: 'warning',
    summary: '`env.variables` values that YAML reads as booleans, numbers or null.',
    explanation:
      '`DEBUG: yes`, `PORT: 8080` or `TOKEN:` (empty) are a boolean, a number and null in YAML. Environment ' +
      'variables are strings: quote the value (`DEBUG: "yes"`, `PORT: "8080"`) and write an empty value as `""` so ' +
      'the file says exactly what the build gets.',
  },
  (ctx, report) => {
    for (const section of ['variables', 'parameter-store']) {
      for (const e of entriesAt(ctx.source, ['env', section])) {
        if (changedNumber(e)) continue; // yaml-number-changed says it better
        const v = e.value;
        const where = `env.${section}.${e.key}`;
        if (isNullNode(v))
          report(`${where} has no value (YAML null): it becomes an empty string; write "" if meant`, e.pos);
        else if (isScalar(v) && v.type === Scalar.PLAIN && typeof v.value !== 'string')
          report(
            `${where}: ${v.source ?? String(v.value)} is a ${typeof v.value} in YAML; quote it to keep it text`,
            e.pos,
          );
      }
    }
  },
);
