/**
 * A literal 12-digit AWS account id in a buildspec ties it to one account: promoting the pipeline to
 * another account then pushes to (or deploys into) the wrong one (seed document, common mistake 4).
 */
import { isScalar } from 'yaml';
import { scalarText } from '../../model/index.js';
import { entriesAt } from '../buildspec-context.js';
import { buildspecRule } from './define.js';

/** Twelve digits standing alone (not part of a longer number or word). */
const ACCOUNT_ID = /(?<![\w.-])\d{12}(?![\w])/;

export const hardcodedAccountId = buildspecRule(
  {
    id: 'hardcoded-account-id',
    severity: 'warning',
    summary: 'A hard-coded 12-digit AWS account id in a buildspec.',
    explanation:
      'An account id written into commands or variables breaks when the pipeline moves to another account ' +
      '(dev to prod, a new region stack). Derive it at build time ' +
      '(`AWS_ACCOUNT_ID=$(aws sts get-caller-identity --query Account --output text)`), or set `AWS_ACCOUNT_ID` ' +
      'on the project or as a CodePipeline environment-variable override and use `$AWS_ACCOUNT_ID`.',
  },
  (ctx, report) => {
    for (const item of ctx.commands) {
      item.text.split('\n').forEach((line, i) => {
        const m = ACCOUNT_ID.exec(line);
        if (m && !line.trim().startsWith('#'))
          report(
            `hard-coded account id ${m[0]}; use $AWS_ACCOUNT_ID (set on the project or as a pipeline variable override)`,
            ctx.positionIn(item, i, m.index),
          );
      });
    }
    for (const e of entriesAt(ctx.source, ['env', 'variables'])) {
      const text = isScalar(e.value) ? scalarText(e.value) : '';
      const m = ACCOUNT_ID.exec(text);
      if (m)
        report(
          `env.variables.${e.key} hard-codes account id ${m[0]}; set it per account (project environment or pipeline override) instead`,
          e.pos,
        );
    }
  },
);
