/**
 * What the action-type catalogue's data files share: the not-emulated entry builder (a real
 * CodePipeline type codelocal has no local stand-in for), the common `needs` values and small
 * wording helpers. A type gets a stand-in by turning its notEmulated(...) entry into a full one,
 * in place, in the same data file.
 */
import type { ActionDeclaration } from './pipeline-types.js';
import type { ActionTypeSpec } from './action-type-spec.js';

export const NOTHING = { docker: false, localAws: false };
export const CONTAINERS = { docker: true, localAws: true };

export const firstInput = (a: ActionDeclaration) => a.inputArtifacts[0]?.name ?? '(no input)';

export interface NotEmulated {
  category: string;
  provider: string;
  owner?: string;
  /** What it does on AWS, for the sentence (`an Elastic Beanstalk deployment`). */
  does: string;
  inputs: [number, number];
  outputs: [number, number];
  required?: string[];
  v2Only?: boolean;
}

/**
 * A real type without a local stand-in. Validation accepts it as CreatePipeline does; running it
 * fails its action with ACTION_NOT_EMULATED. Artifact counts follow docs/aws/codepipeline.md §1.5 where it
 * lists the type and are deliberately loose elsewhere (UNCERTAIN), so a file AWS accepts is never
 * refused here. Configuration keys are not checked: codelocal cannot tell a typo from a new key.
 */
export function notEmulated(e: NotEmulated): ActionTypeSpec {
  return {
    category: e.category,
    owner: e.owner ?? 'AWS',
    provider: e.provider,
    version: '1',
    inputs: { min: e.inputs[0], max: e.inputs[1] },
    outputs: { min: e.outputs[0], max: e.outputs[1] },
    requiredKeys: e.required ?? [],
    variables: 'dynamic',
    ...(e.v2Only ? { v2Only: true } : {}),
    needs: NOTHING,
    local: () => `cannot run locally: codelocal has no stand-in for ${e.does} (ACTION_NOT_EMULATED)`,
  };
}
