/**
 * A pipeline in the shape of `aws codepipeline get-pipeline` (`.pipeline`), camelCase.
 * CloudFormation input is converted to this shape (codepipeline.md section 1.12).
 * Positions map JSON paths to source locations for error messages.
 */
import type { SourcePosition } from '../errors.js';

export interface ActionTypeId {
  category: 'Source' | 'Build' | 'Deploy' | 'Test' | 'Invoke' | 'Approval' | 'Compute' | string;
  owner: 'AWS' | 'ThirdParty' | 'Custom' | string;
  provider: string;
  version: string;
}

export interface ArtifactRef {
  name: string;
  files?: string[];
}

export interface ActionDeclaration {
  name: string;
  actionTypeId: ActionTypeId;
  runOrder: number;
  configuration: Record<string, string>;
  inputArtifacts: ArtifactRef[];
  outputArtifacts: ArtifactRef[];
  namespace?: string;
  region?: string;
  roleArn?: string;
  commands?: string[];
  outputVariables?: string[];
  environmentVariables?: { name: string; value: string; type?: string }[];
  timeoutInMinutes?: number;
}

export interface StageDeclaration {
  name: string;
  actions: ActionDeclaration[];
  /** V2 stage conditions (docs/aws/codepipeline.md §5.9, §12.5). */
  beforeEntry?: { conditions: ConditionDeclaration[] };
  onSuccess?: { conditions: ConditionDeclaration[] };
  onFailure?: { result?: string; retryConfiguration?: { retryMode: string }; conditions?: ConditionDeclaration[] };
}

/** One stage condition: its rules all succeed or it fails; `result` says what a failure (or match) does. */
export interface ConditionDeclaration {
  result?: string;
  rules: RuleDeclaration[];
}

/** A rule of a condition (API:RuleDeclaration): like an action, with category `Rule`. */
export interface RuleDeclaration {
  name: string;
  ruleTypeId: { category: string; owner: string; provider: string; version: string };
  configuration?: Record<string, string>;
  commands?: string[];
  inputArtifacts?: ArtifactRef[];
  region?: string;
  roleArn?: string;
  timeoutInMinutes?: number;
}

export interface PipelineVariableDeclaration {
  name: string;
  defaultValue?: string;
  description?: string;
}

export interface ArtifactStore {
  type: 'S3' | string;
  location: string;
  encryptionKey?: { id: string; type: string };
}

export interface PipelineDeclaration {
  name: string;
  roleArn: string;
  artifactStore?: ArtifactStore;
  artifactStores?: Record<string, ArtifactStore>;
  stages: StageDeclaration[];
  version?: number;
  executionMode?: 'QUEUED' | 'SUPERSEDED' | 'PARALLEL';
  pipelineType?: 'V1' | 'V2';
  variables?: PipelineVariableDeclaration[];
  triggers?: unknown[];
}

/** A loaded pipeline with where each part came from. */
export interface LoadedPipeline {
  pipeline: PipelineDeclaration;
  file: string;
  /** JSON-pointer-like path ("stages/1/actions/0/configuration/ProjectName") -> position. */
  positions: Map<string, SourcePosition>;
  /** CodeBuild projects defined alongside (CloudFormation template), by project name. */
  projects: Map<string, import('./project-types.js').CodeBuildProject>;
}
