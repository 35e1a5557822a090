/**
 * The pipelines an item defines, as refs the pipeline loader takes: a pipeline JSON file is one; a
 * template is one per AWS::CodePipeline::Pipeline resource (`file#LogicalId` when there are several,
 * since the loader refuses to guess), none when it defines no pipeline.
 */
import { readFileSync } from 'node:fs';
import { loadTemplate, PIPELINE_RESOURCE } from '../../model/index.js';
import type { CheckItem } from './types.js';

export function pipelineRefs(item: Pick<CheckItem, 'kind' | 'abs'>): string[] {
  if (item.kind === 'pipeline') return [item.abs];
  if (item.kind !== 'template') return [];
  try {
    if (!readFileSync(item.abs, 'utf8').includes(PIPELINE_RESOURCE)) return [];
    const ids = [...loadTemplate(item.abs).resources.values()]
      .filter((r) => r.type === PIPELINE_RESOURCE)
      .map((r) => r.logicalId);
    return ids.length > 1 ? ids.map((id) => `${item.abs}#${id}`) : [item.abs];
  } catch {
    return [item.abs]; // unreadable or invalid: planning it reports why
  }
}
