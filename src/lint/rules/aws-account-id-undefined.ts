/**
 * `$AWS_ACCOUNT_ID` looks predefined (it sits next to `$AWS_DEFAULT_REGION` in many examples) but CodeBuild
 * does not set it: unless the buildspec, the project or the pipeline defines it, it expands to an empty
 * string and `.dkr.ecr...` URIs lose their account.
 */
import { logicalLines } from '../shell.js';
import { entriesAt } from '../buildspec-context.js';
import type { BuildspecContext } from '../types.js';
import { buildspecRule } from './define.js';

const NAME = 'AWS_ACCOUNT_ID';
/** `$AWS_ACCOUNT_ID` or `${AWS_ACCOUNT_ID}`; `${AWS_ACCOUNT_ID:-x}` has its own fallback and is fine. */
const USE = /\$(?:AWS_ACCOUNT_ID(?![A-Za-z0-9_])|\{AWS_ACCOUNT_ID\})/;
/** `AWS_ACCOUNT_ID=...`, `export AWS_ACCOUNT_ID=...`, `read AWS_ACCOUNT_ID`, `${AWS_ACCOUNT_ID:=...}`. */
const DEFINE =
  /(?:^|[\s;&|(])(?:export\s+|declare\s+(?:-\S+\s+)*)?AWS_ACCOUNT_ID=|\bread\s+(?:-\S+\s+)*(?:\w+\s+)*AWS_ACCOUNT_ID\b|\$\{AWS_ACCOUNT_ID:?=/;

function definedInBuildspec(ctx: BuildspecContext): boolean {
  for (const section of ['variables', 'parameter-store', 'secrets-manager']) {
    if (entriesAt(ctx.source, ['env', section]).some((e) => e.key === NAME)) return true;
  }
  return ctx.commands.some((c) => DEFINE.test(c.text));
}

export const awsAccountIdUndefined = buildspecRule(
  {
    id: 'aws-account-id-undefined',
    severity: 'error',
    summary: '`$AWS_ACCOUNT_ID` is used but nothing defines it (CodeBuild does not).',
    explanation:
      'CodeBuild predefines `AWS_REGION` and `AWS_DEFAULT_REGION`, not `AWS_ACCOUNT_ID`. Unless it is set, ' +
      '`$AWS_ACCOUNT_ID.dkr.ecr.$AWS_REGION.amazonaws.com` becomes `.dkr.ecr...` and docker login or push fail. ' +
      'Define it in the project environment (`Name: AWS_ACCOUNT_ID, Value: !Ref AWS::AccountId`), in ' +
      '`env.variables`, or in a command ' +
      '(`AWS_ACCOUNT_ID=$(aws sts get-caller-identity --query Account --output text)`). When no project using the ' +
      'buildspec is found in the linted files this is a warning.',
  },
  (ctx, report) => {
    if (definedInBuildspec(ctx)) return;
    const linkedDefines = ctx.links.filter(
      (l) =>
        l.project.environment.environmentVariables.some((v) => v.name === NAME) || l.pipelineVariables.includes(NAME),
    );
    if (ctx.links.length > 0 && linkedDefines.length === ctx.links.length) return;
    for (const item of ctx.commands) {
      for (const l of logicalLines(item.text)) {
        const m = USE.exec(l.text);
        if (!m) continue;
        const missing = ctx.links.filter((l) => !linkedDefines.includes(l)).map((l) => `'${l.project.name}'`);
        const message =
          missing.length > 0
            ? `$AWS_ACCOUNT_ID is not defined by the buildspec nor by project ${missing.join(', ')}; CodeBuild does not set it`
            : '$AWS_ACCOUNT_ID is not defined in this buildspec and CodeBuild does not set it; make sure the project or pipeline does';
        report(message, ctx.positionIn(item, l.line, m.index), missing.length > 0 ? 'error' : 'warning');
        return; // once per file: the fix is one definition
      }
    }
  },
);
