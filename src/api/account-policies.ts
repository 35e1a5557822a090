/**
 * The resource policies a pipeline run knows (docs/accounts.md): the bucket, key and repository policies
 * of the template the pipeline is in. `pipeline plan`, `--dry-run` and the run all plan with them, so the
 * account and permissions shown are those the run enforces.
 */
import { ValidationError } from '../errors.js';
import {
  accountOfArn,
  addTemplatePolicies,
  emptyPolicySet,
  loadTemplate,
  type LoadedPipelineResult,
  type PolicySet,
} from '../model/index.js';
import type { PipelineContext } from './pipeline-context.js';

export function accountPolicies(
  ctx: PipelineContext,
  loaded: LoadedPipelineResult,
  parameterOverrides?: Record<string, string>,
): PolicySet {
  const { accountId } = ctx.config.config;
  // The pipeline's account is its role's (docs/aws/iam.md §3.1); the config's when the role names none.
  const set = emptyPolicySet(accountOfArn(loaded.pipeline.roleArn) ?? accountId, loaded.region);
  // codelocal.yml `policies:` first (stacks made apart from the pipeline's), then the pipeline's own template.
  const files = (ctx.config.config.policies ?? []).map((file) => ({ file, parameterOverrides: {} }));
  if (loaded.format === 'cloudformation')
    files.push({ file: loaded.file, parameterOverrides: parameterOverrides ?? {} });
  const problems = files.flatMap(({ file, parameterOverrides: overrides }) =>
    addTemplatePolicies(set, loadTemplate(file, { region: loaded.region, accountId, parameterOverrides: overrides })),
  );
  if (problems.length > 0) throw new ValidationError(problems);
  return set;
}
