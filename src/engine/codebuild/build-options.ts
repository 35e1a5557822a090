/**
 * What a caller asks of one build, in typed values (no command-line strings: src/cli/ parses those).
 * The API's `runBuild`, batch members, debug/watch and the pipeline's CodeBuild action all describe
 * their build with this one shape and hand it to `prepareBuild`.
 */
import type { CodeBuildProject, EnvironmentVariable } from '../../model/index.js';
import type { BuildRequest, SecondarySourceInput } from './build-types.js';

/** One `NAME=VALUE` pair, as `--env` and friends give them. */
export interface NameValue {
  name: string;
  value: string;
}

export interface BuildOptions {
  sourceDir: string;
  /** Further sources (CODEBUILD_SRC_DIR_<identifier>); identifiers are checked here (docs/aws/codebuild.md §1.5). */
  secondarySources?: SecondarySourceInput[];
  /** Buildspec override: a path (relative to the source) or inline YAML. */
  buildspec?: string;
  image?: string;
  artifactsDir?: string;
  reportsDir?: string;
  /** A dotenv-style file of PLAINTEXT overrides. */
  envFile?: string;
  env?: NameValue[];
  envParameters?: NameValue[];
  envSecrets?: NameValue[];
  /** Pass the host's AWS_* variables (and `profile` as AWS_PROFILE). */
  awsConfig?: boolean;
  profile?: string;
  bind?: boolean;
  privileged?: boolean;
  /** `file[#name]`, or a project object (pipelines, batch members). */
  project?: string | CodeBuildProject;
  /** CloudFormation parameters for a project read from a template. */
  parameterOverrides?: Record<string, string>;
  /** AWS image name → local image, above codelocal.yml `images`. */
  imageMap?: Record<string, string>;
  timeoutInMinutes?: number;
  timeoutSeconds?: number;
  keep?: boolean;
  /** Run only these phases, or this phase and the later ones. */
  phases?: string[];
  fromPhase?: string;
  noCache?: boolean;
  output?: (text: string) => void;
  signal?: AbortSignal;
  /** Fields only programmatic callers (the pipeline engine, batches, debugging) set. */
  request?: Partial<BuildRequest>;
  /** Typed overrides appended after the others (pipeline action EnvironmentVariables, batch task variables). */
  envOverrides?: EnvironmentVariable[];
}
