/**
 * What running a real CodePipeline action type without a local stand-in does: the action fails
 * with codelocal's own code (ACTION_NOT_EMULATED) and a message in our words, never AWS's "is not
 * available in region" text (which would read as an AWS rejection of the pipeline). The stages
 * before it still run, so the rest of the pipeline can be checked locally.
 */
import { EnvironmentError } from '../../errors.js';
import { actionTypeKey } from '../../model/action-types.js';
import type { ActionTypeId } from '../../model/pipeline-types.js';
import type { ActionProvider } from './types.js';

export function notEmulatedError(actionName: string, type: ActionTypeId): EnvironmentError {
  const key = actionTypeKey(type);
  return new EnvironmentError(
    'ACTION_NOT_EMULATED',
    `codelocal cannot run action ${actionName} locally: it has no stand-in for ${key}, so nothing was deployed or called`,
    {
      details: [
        'the stages before this action ran as usual; to run the ones after it locally, use a copy of the pipeline without this action (or with a Manual approval in its place)',
      ],
    },
  );
}

/** The provider used for a catalogue type that has none: it fails the action when reached. */
export function notEmulatedProvider(type: ActionTypeId): ActionProvider {
  return {
    types: [type],
    run: (ctx) => Promise.reject(notEmulatedError(ctx.actionName, type)),
  };
}
