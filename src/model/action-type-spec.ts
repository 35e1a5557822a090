/**
 * The shape of one entry of the action-type catalogue (action-types.ts): what CodePipeline checks
 * about a type at create time (docs/aws/codepipeline.md §1.5 counts, §2 keys, §4.2 variables) and what
 * codelocal does with it locally (which provider module runs it, what it needs, the one sentence
 * every view prints). Kept apart from the data so the data files and the lookups share it
 * without importing each other.
 */
import type { ActionDeclaration, ActionTypeId } from './pipeline-types.js';

export interface CountRange {
  min: number;
  max: number;
}

/** A configuration key that is required only under a condition on the other keys. */
export interface ConditionalKey {
  key: string;
  /** Human wording of the condition, for messages ("when ActionMode is CREATE_UPDATE"). */
  when: string;
  applies: (configuration: Record<string, string>, inputCount: number) => boolean;
  /**
   * The provider documents the key as required but CreatePipeline does not check it (the action can
   * only fail when it runs): a warning (PIPELINE_CONFIGURATION_MISSING), never an error.
   */
  atRunTime?: boolean;
}

/** Where a source action reads from locally instead of the remote repository / bucket. */
export interface SourceOverride {
  /** A local git repository (git sources) or file (S3 source). Default: the current folder. */
  path?: string;
  /** A commit, object version or image digest to use instead of the branch head / latest. */
  revision?: string;
}

/** The CodeBuild project as the plan resolved it, for the CodeBuild sentence. */
export interface LocalProjectFacts {
  name: string;
  defined: boolean;
  /** Not defined while other projects are: the action fails as on AWS (no defaults). */
  missing?: boolean;
  image: string;
  primarySource?: string;
  buildspec: string;
}

/** What the one-sentence description may look at besides the declaration. */
export interface LocalTextInput {
  /** `--source Action=PATH[@REF]` for this action. */
  override?: SourceOverride;
  /** CodeBuild actions: the project the run will use. */
  project?: LocalProjectFacts;
}

/** What running a type locally needs besides the pipeline's files. */
export interface LocalNeeds {
  /** A container engine (builds, ECS tasks, Lambda runners, local images). */
  docker: boolean;
  /** The local AWS stand-ins (S3 store, stack store, ECS services, Lambda functions; docs/local-aws.md). */
  localAws: boolean;
}

export interface ActionTypeSpec extends ActionTypeId {
  inputs: CountRange;
  outputs: CountRange;
  requiredKeys: string[];
  conditionalKeys?: ConditionalKey[];
  /** Every key the provider documents; anything else gets a "did you mean" warning. Absent: not checked. */
  knownKeys?: string[];
  /** Configuration keys whose value must name one of the action's input artifacts. */
  artifactKeys?: string[];
  /**
   * Variables the action produces: a fixed list, or 'dynamic' when they depend on what runs
   * (buildspec exported-variables, stack outputs, Lambda's PutJobSuccessResult, outputVariables).
   */
  variables: string[] | 'dynamic';
  /** Only in V2 pipelines (§1.6). */
  v2Only?: boolean;
  /**
   * Configuration keys the local stand-in never reads (a credential for the remote service): an unknown
   * value there (a secret's dynamic reference, an import) does not stop the action (docs/fidelity.md, issue 11).
   */
  unusedLocally?: string[];
  /**
   * The provider module that runs it: a file name (without `.js`) in src/engine/pipeline/actions/,
   * loaded when a run first needs it. Absent: codelocal has no local stand-in (`emulated` false).
   */
  module?: string;
  needs: LocalNeeds;
  /**
   * A `Custom` owner type (action-type catalogue has none): declared by the template itself, or
   * registered elsewhere in the account and so unknown here (custom-action-types.ts).
   */
  custom?: 'declared' | 'undeclared';
  /** The one sentence `pipeline plan`, `pipeline run --dry-run` and the docs give for what runs locally. */
  local(action: ActionDeclaration, at: LocalTextInput): string;
}
