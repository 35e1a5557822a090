/**
 * The ThirdParty/GitHub version 1 source provider authenticates with a stored OAuth token; AWS recommends
 * CodeStar Connections (CodeStarSourceConnection), a managed GitHub App (seed document, common mistake 2).
 */
import { actionSites } from '../../model/index.js';
import { pipelineRule } from './define.js';

export const githubV1Source = pipelineRule(
  {
    id: 'github-v1-source',
    severity: 'warning',
    summary: 'The legacy GitHub (version 1, OAuth token) source provider.',
    explanation:
      'The `ThirdParty`/`GitHub` provider needs a personal OAuth token stored in the pipeline (or in Secrets ' +
      'Manager) and rotated by hand, and it is no longer recommended by AWS. Use a CodeStar Connections source: ' +
      '`owner: AWS`, `provider: CodeStarSourceConnection`, with `ConnectionArn`, `FullRepositoryId` ' +
      '(owner/repo) and `BranchName` in the configuration.',
  },
  (ctx, report) => {
    for (const site of actionSites(ctx.loaded.pipeline)) {
      const id = site.action.actionTypeId;
      if (id?.owner !== 'ThirdParty' || id.provider !== 'GitHub') continue;
      report(
        `action ${site.action.name} uses the legacy GitHub (OAuth) source provider; use CodeStarSourceConnection (CodeStar Connections) instead`,
        ctx.positionOf([...site.path, 'actionTypeId', 'provider']),
      );
    }
  },
);
