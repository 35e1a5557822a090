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
import type { ActionContext, ActionProvider, ActionResult } from '../types.js';

/** `Mon Jan 21 20:04:00 UTC 2019`, as the ECR source's ImagePushedAt reads. */
function pushedAt(iso: string): string {
  const d = new Date(iso);
  const [wd, , , , time] = d.toUTCString().split(' ');
  const mon = d.toLocaleString('en-US', { month: 'short', timeZone: 'UTC' });
  return `${wd!.replace(',', '')} ${mon} ${String(d.getUTCDate()).padStart(2, '0')} ${time} UTC ${d.getUTCFullYear()}`;
}

/**
 * An IMAGE_DIGEST source revision (`--source Action=@sha256:...`, or what `pipeline watch` passes
 * for a push): the manifest in the local registry, ECR's own digest (docs/aws/codepipeline.md §10.6).
 */
async function fromRegistry(ctx: ActionContext, repo: string, digest: string): Promise<ActionResult> {
  const registry = await ctx.services.localAws.registry();
  const found = await registry.manifest(repo, digest);
  if (!found) {
    return {
      status: 'Failed',
      summary: `The image with digest ${digest} does not exist in repository ${repo} of the local registry`,
    };
  }
  const tag = ctx.configuration.ImageTag ?? 'latest';
  return imageResult(ctx, repo, tag, { digest, sizeBytes: found.size, created: new Date().toISOString() });
}

export const ecrSourceProvider: ActionProvider = {
  types: [{ category: 'Source', owner: 'AWS', provider: 'ECR', version: '1' }],
  async run(ctx): Promise<ActionResult> {
    const repo = ctx.configuration.RepositoryName!;
    const override = ctx.services.sourceOverrides[ctx.actionName]?.revision;
    if (override?.startsWith('sha256:')) return fromRegistry(ctx, repo, override);
    const tag = override ?? ctx.configuration.ImageTag ?? 'latest';
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
    return imageResult(ctx, repo, tag, { digest, sizeBytes: found.sizeBytes, created: found.created });
  },
};

function imageResult(
  ctx: ActionContext,
  repo: string,
  tag: string,
  image: { digest: string; sizeBytes: number; created: string },
): ActionResult {
  const { accountId, region } = ctx.services;
  const registry = `${accountId}.dkr.ecr.${region}.amazonaws.com`;
  const digest = image.digest;
  const uri = `${registry}/${repo}@${digest}`;
  const detail = {
    ImageSizeInBytes: String(image.sizeBytes),
    ImageDigest: digest,
    Version: '1.0',
    ImagePushedAt: pushedAt(image.created),
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
}
