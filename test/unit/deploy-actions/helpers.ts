/**
 * Deploy providers under the real engine without Docker: a fake S3 source whose output holds the
 * files a test gives it (by source action name), the real S3 deploy and CloudFormation providers,
 * and the temp project/state folders of the pipeline-engine helpers.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ProviderRegistry } from '../../../src/engine/pipeline/registry.js';
import { cloudFormationProvider } from '../../../src/engine/pipeline/actions/cloudformation.js';
import { s3DeployProvider } from '../../../src/engine/pipeline/actions/s3-deploy.js';
import type { ActionProvider, ArtifactFormat } from '../../../src/engine/pipeline/types.js';
import { SOURCE } from '../pipeline-engine/helpers.js';

export { project, run, openStore } from '../pipeline-engine/helpers.js';

export const CFN = { category: 'Deploy', owner: 'AWS', provider: 'CloudFormation', version: '1' };
export const S3_DEPLOY = { category: 'Deploy', owner: 'AWS', provider: 'S3', version: '1' };

/** In the shape the engine helpers' `run` takes (`{ registry }`). */
export function registry(
  files: Record<string, Record<string, string>>,
  format?: ArtifactFormat,
): { registry: ProviderRegistry; calls: Map<string, number> } {
  const source: ActionProvider = {
    types: [SOURCE],
    async run(ctx) {
      for (const [path, content] of Object.entries(files[ctx.actionName] ?? {})) {
        const f = join(ctx.outputs[0]!.dir, path);
        mkdirSync(dirname(f), { recursive: true });
        writeFileSync(f, content);
      }
      return {
        status: 'Succeeded',
        revision: { revisionId: 'rev-1' },
        ...(format ? { formats: { [ctx.outputs[0]!.name]: format } } : {}),
      };
    },
  };
  return { registry: new ProviderRegistry([source, s3DeployProvider, cloudFormationProvider]), calls: new Map() };
}

export function source(name: string, output: string) {
  return {
    name,
    actionTypeId: SOURCE,
    configuration: { S3Bucket: 'b', S3ObjectKey: `${name}.zip` },
    outputArtifacts: [{ name: output }],
  };
}

export function pipeline(sources: unknown[], stages: unknown[]) {
  return {
    name: 'deploy-test',
    roleArn: 'arn:aws:iam::123456789012:role/r',
    artifactStore: { type: 'S3', location: 'deploy-artifacts' },
    stages: [{ name: 'Source', actions: sources }, ...stages],
  };
}
