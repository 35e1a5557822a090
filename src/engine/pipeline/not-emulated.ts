/**
 * What running a real CodePipeline action type without a local stand-in does: the action fails
 * with codelocal's own code (ACTION_NOT_EMULATED) and a message in our words, never AWS's "is not
 * available in region" text (which would read as an AWS rejection of the pipeline). The stages
 * before it still run, so the rest of the pipeline can be checked locally.
 */
import { EnvironmentError } from '../../errors.js';
import { type ActionTypeId, actionTypeKey } from '../../model/index.js';
import type { ActionProvider } from './types.js';

export function notEmulatedError(stageName: string, actionName: string, type: ActionTypeId): EnvironmentError {
  // A custom action is done by the user's own job worker polling CodePipeline (docs/aws/codepipeline.md §2.7).
  const why =
    type.owner === 'Custom'
      ? 'it is a custom action, which in AWS a job worker of yours polls CodePipeline for, and codelocal has no job queue for a worker to poll'
      : 'it has no stand-in for this action type';
  return new EnvironmentError(
    'ACTION_NOT_EMULATED',
    `codelocal cannot run action ${actionName} (${actionTypeKey(type)}) locally: ${why}, so nothing was deployed or called. The stages before it ran as usual. To run the rest locally, skip it with --skip ${stageName}.${actionName} (its outputs empty, or --artifact NAME=DIR), or stop before its stage with --until STAGE`,
  );
}

/** The provider used for a catalogue type that has none: it fails the action when reached. */
export function notEmulatedProvider(type: ActionTypeId): ActionProvider {
  return {
    types: [type],
    run: (ctx) => Promise.reject(notEmulatedError(ctx.stageName, ctx.actionName, type)),
  };
}
