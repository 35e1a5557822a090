/**
 * A CodeBuild project as codelocal needs it, whatever it was read from:
 * `aws codebuild batch-get-projects` JSON, an AWS::CodeBuild::Project resource, or flags.
 * Field names follow the API (camelCase). Reference: codebuild.md, codepipeline.md section 6.2.
 */
export type EnvironmentVariableType = 'PLAINTEXT' | 'PARAMETER_STORE' | 'SECRETS_MANAGER';

export interface EnvironmentVariable {
  name: string;
  /** For an unknown value: its `<not evaluated locally: …>` text, for plans; a build refuses to run with it. */
  value: string;
  type: EnvironmentVariableType;
  /**
   * Set when the template computes the value from something codelocal cannot evaluate (Fn::ImportValue
   * without a local value, a dynamic reference; docs/fidelity.md, issue 11). Plain data, so copies keep it.
   */
  notEvaluated?: { fn: string; detail: string };
}

export interface ProjectSource {
  type: string;
  /** Inline buildspec text, a path relative to CODEBUILD_SRC_DIR, or an S3 ARN. */
  buildspec?: string;
  location?: string;
  sourceIdentifier?: string;
}

export interface ProjectArtifacts {
  type: string;
  artifactIdentifier?: string;
  location?: string;
  name?: string;
  path?: string;
  namespaceType?: 'NONE' | 'BUILD_ID';
  packaging?: 'NONE' | 'ZIP';
  overrideArtifactName?: boolean;
}

export interface ProjectCache {
  type: 'NO_CACHE' | 'S3' | 'LOCAL';
  location?: string;
  modes: ('LOCAL_SOURCE_CACHE' | 'LOCAL_DOCKER_LAYER_CACHE' | 'LOCAL_CUSTOM_CACHE')[];
}

export interface ProjectEnvironment {
  type: string;
  image: string;
  computeType: string;
  privilegedMode: boolean;
  environmentVariables: EnvironmentVariable[];
}

export interface CodeBuildProject {
  name: string;
  arn?: string;
  source: ProjectSource;
  secondarySources: ProjectSource[];
  artifacts: ProjectArtifacts;
  secondaryArtifacts: ProjectArtifacts[];
  cache: ProjectCache;
  environment: ProjectEnvironment;
  timeoutInMinutes: number;
  queuedTimeoutInMinutes?: number;
  /** Where it was defined, for messages: file path (and logical id for templates). */
  definedIn?: string;
}

/** Defaults for a project defined nowhere (pipeline builds with no project file, bare `codelocal build`). */
export function defaultProject(name: string, image = 'aws/codebuild/standard:7.0'): CodeBuildProject {
  return {
    name,
    source: { type: 'NO_SOURCE' },
    secondarySources: [],
    artifacts: { type: 'NO_ARTIFACTS' },
    secondaryArtifacts: [],
    cache: { type: 'NO_CACHE', modes: [] },
    environment: {
      type: 'LINUX_CONTAINER',
      image,
      computeType: 'BUILD_GENERAL1_SMALL',
      privilegedMode: false,
      environmentVariables: [],
    },
    timeoutInMinutes: 60,
  };
}
