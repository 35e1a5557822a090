/**
 * A literal 12-digit AWS account id in a buildspec ties it to one account: promoting the pipeline to
 * another account then pushes to (or deploys into) the wrong one (seed document, common mistake 4).
 * An ECR registry host (`<id>.dkr.ecr.<region>.amazonaws.com`) is the exception: pulling a base image
 * from, or pushing to, a shared registry in another account is done on purpose and is the same in every
 * stage, so a registry id is reported only when it is known to be the build's own account.
 */
import { isScalar } from 'yaml';
import { scalarText } from '../../model/index.js';
import { entriesAt } from '../buildspec-context.js';
import type { BuildspecContext } from '../types.js';
import { buildspecRule } from './define.js';

/** Twelve digits standing alone (not part of a longer number or word). */
const ACCOUNT_ID = /(?<![\w.-])\d{12}(?![\w])/g;
const REGISTRY_HOST = /^\.dkr\.ecr(?:-fips)?\.[a-z0-9-]+\.amazonaws\.com(?:\.cn)?\b/;

interface Hit {
  id: string;
  index: number;
  registry: boolean;
}

/** The first account id in `text` worth reporting, given which accounts are the build's own. */
function firstHit(ctx: BuildspecContext, text: string): Hit | undefined {
  for (const m of text.matchAll(ACCOUNT_ID)) {
    const registry = REGISTRY_HOST.test(text.slice(m.index + m[0].length));
    if (!registry || ctx.ownAccounts.includes(m[0])) return { id: m[0], index: m.index, registry };
  }
  return undefined;
}

function advice(hit: Hit): string {
  return hit.registry
    ? `hard-coded account id ${hit.id} is this build's own registry; use $AWS_ACCOUNT_ID.dkr.ecr... so the buildspec works in every account`
    : `hard-coded account id ${hit.id}; use $AWS_ACCOUNT_ID (set on the project or as a pipeline variable override)`;
}

export const hardcodedAccountId = buildspecRule(
  {
    id: 'hardcoded-account-id',
    severity: 'warning',
    summary: 'A hard-coded 12-digit AWS account id in a buildspec (ECR registries of other accounts excepted).',
    explanation:
      'An account id written into commands or variables breaks when the pipeline moves to another account ' +
      '(dev to prod, a new region stack). Derive it at build time ' +
      '(`AWS_ACCOUNT_ID=$(aws sts get-caller-identity --query Account --output text)`), or set `AWS_ACCOUNT_ID` ' +
      'on the project or as a CodePipeline environment-variable override and use `$AWS_ACCOUNT_ID`. An ECR ' +
      'registry host (`210987654321.dkr.ecr.eu-west-1.amazonaws.com/base`) is not reported: a shared registry ' +
      'in another account is used on purpose and is the same from every stage. It is reported only when the id ' +
      "is the build's own account, as `accountId` in codelocal.yml or a linked project's ARN says.",
  },
  (ctx, report) => {
    for (const item of ctx.commands) {
      item.text.split('\n').forEach((line, i) => {
        const hit = line.trim().startsWith('#') ? undefined : firstHit(ctx, line);
        if (hit) report(advice(hit), ctx.positionIn(item, i, hit.index));
      });
    }
    for (const e of entriesAt(ctx.source, ['env', 'variables'])) {
      const hit = firstHit(ctx, isScalar(e.value) ? scalarText(e.value) : '');
      if (hit)
        report(
          `env.variables.${e.key} hard-codes account id ${hit.id}; set it per account (project environment or pipeline override) instead`,
          e.pos,
        );
    }
  },
);
