/**
 * `pipeline run --skip Stage.Action` (issue 11): the provider that stands in for a skipped action.
 * It runs nothing and calls nothing; each output artifact holds the folder given with
 * `--artifact NAME=DIR`, or nothing, so the actions after it still find their inputs. It succeeds,
 * with a summary saying codelocal skipped it, so history and JSON show plainly what happened.
 */
import { cpSync } from 'node:fs';
import type { SkippedAction } from '../../plan/index.js';
import type { ActionProvider } from './types.js';

export function skippedProvider(skip: SkippedAction): ActionProvider {
  return {
    types: [],
    acceptsCloneRef: true,
    run(ctx) {
      for (const o of ctx.outputs) {
        const from = skip.artifactDirs[o.name];
        ctx.log(`skipped by codelocal (--skip): output ${o.name} ${from ? `holds ${from}` : 'is empty'}`);
        if (from) cpSync(from, o.dir, { recursive: true, verbatimSymlinks: true });
      }
      if (ctx.outputs.length === 0) ctx.log('skipped by codelocal (--skip)');
      return Promise.resolve({ status: 'Succeeded', summary: skip.summary });
    },
  };
}
