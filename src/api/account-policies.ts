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
  if (loaded.format !== 'cloudformation') return set;
  const template = loadTemplate(loaded.file, { region: loaded.region, accountId, parameterOverrides });
  const problems = addTemplatePolicies(set, template);
  if (problems.length > 0) throw new ValidationError(problems);
  return set;
}
