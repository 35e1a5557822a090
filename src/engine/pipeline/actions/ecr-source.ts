/**
 * Source `ECR`: an image of the local engine (`RepositoryName:ImageTag`, or the same name under
 * the account's ECR registry host) becomes `imageDetail.json` in the shape the ECR source writes
 * (docs/aws/codepipeline.md §3.4: every value a string, ImageURI in digest form).
 *
 * UNCERTAIN: ECR's digest is the manifest digest; an image built locally has none until pushed,
 * so its image id (also `sha256:...`) stands in for it.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ActionProvider, ActionResult } from '../types.js';

/** `Mon Jan 21 20:04:00 UTC 2019`, as the ECR source's ImagePushedAt reads. */
function pushedAt(iso: string): string {
  const d = new Date(iso);
  const [wd, , , , time] = d.toUTCString().split(' ');
  const mon = d.toLocaleString('en-US', { month: 'short', timeZone: 'UTC' });
  return `${wd!.replace(',', '')} ${mon} ${String(d.getUTCDate()).padStart(2, '0')} ${time} UTC ${d.getUTCFullYear()}`;
}

export const ecrSourceProvider: ActionProvider = {
  types: [{ category: 'Source', owner: 'AWS', provider: 'ECR', version: '1' }],
  async run(ctx): Promise<ActionResult> {
    const repo = ctx.configuration.RepositoryName!;
    const tag = ctx.services.sourceOverrides[ctx.actionName]?.revision ?? ctx.configuration.ImageTag ?? 'latest';
    const { accountId, region } = ctx.services;
    const registry = `${accountId}.dkr.ecr.${region}.amazonaws.com`;
    const runtime = await ctx.services.runtime();
    const candidates = [`${registry}/${repo}:${tag}`, `${repo}:${tag}`];
    let found;
    for (const ref of candidates) {
      found = await runtime.images.inspect(ref);
      if (found) {
        ctx.log(`image ${ref} (${found.id})`);
        break;
      }
    }
    if (!found) {
      return {
        status: 'Failed',
        summary: `The image with tag ${tag} does not exist in repository ${repo}: none of ${candidates.join(', ')} is in the local engine`,
      };
    }
    const digest = found.id.startsWith('sha256:') ? found.id : `sha256:${found.id}`;
    const uri = `${registry}/${repo}@${digest}`;
    const detail = {
      ImageSizeInBytes: String(found.sizeBytes),
      ImageDigest: digest,
      Version: '1.0',
      ImagePushedAt: pushedAt(found.created),
      RegistryId: accountId,
      RepositoryName: repo,
      ImageURI: uri,
      ImageTags: [tag],
    };
    writeFileSync(join(ctx.outputs[0]!.dir, 'imageDetail.json'), JSON.stringify(detail, null, 2) + '\n');
    return {
      status: 'Succeeded',
      outputVariables: {
        RegistryId: accountId,
        RepositoryName: repo,
        ImageTag: tag,
        ImageDigest: digest,
        ImageURI: uri,
      },
      externalExecutionId: digest,
      revision: { revisionId: digest, revisionSummary: `${repo}:${tag}` },
    };
  },
};
