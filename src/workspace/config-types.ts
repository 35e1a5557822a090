/**
 * The shape of `codelocal.yml` once read (format: docs/config.md) and its defaults, apart from the
 * reader so that code needing only the types (deploy actions, lint) does not pull in the YAML reader.
 */
import type { SourcePosition } from '../errors.js';
import type { CodeDeployConfig } from './config-codedeploy.js';
import type { EksConfig } from './config-eks.js';
import type { EventsConfig } from './config-events.js';

export const DEFAULT_ACCOUNT_ID = '123456789012';
export const DEFAULT_REGION = 'us-east-1';
export const CONFIG_FILES = ['codelocal.yml', '.codelocal.yml'] as const;

export interface EcsServiceConfig {
  /** Cluster name the service belongs to (matches the ECS deploy action's ClusterName). */
  cluster: string;
  /** Host port the locally deployed service is published on. */
  port?: number;
  /** Blue/green: host port of the test listener, where the green task answers before traffic moves. */
  testPort?: number;
  /** Blue/green: the CodeDeploy deployment group (DeploymentGroupName) that deploys this service. */
  deploymentGroup?: string;
  /** Path of the load-balancer-like health check (default `/`). */
  healthCheckPath?: string;
  /** Blue/green: seconds the blue task keeps running after traffic moved to green (default 5). */
  terminationWaitSeconds?: number;
}

/** A Lambda function the Invoke/Lambda action runs locally (there is no Lambda service to ask). */
export interface LambdaFunctionConfig {
  /** `file.export`, as Lambda's handler setting (e.g. index.handler). */
  handler: string;
  /** nodejs<N>.x or python3.<N>; the runner image's Node.js 20 / Python 3.11 runs it. */
  runtime: string;
  /** Absolute folder (or file) with the function's code. */
  code: string;
  /** How long the action waits for PutJobSuccessResult/PutJobFailureResult per invocation (default 1200). */
  timeoutSeconds?: number;
}

export interface CodelocalConfig {
  /** Absolute; undefined means the default `<project root>/.codelocal`. */
  stateDir?: string;
  accountId: string;
  region: string;
  /** AWS image name (as in a project's environment.image) → local image to run instead. */
  images: Record<string, string>;
  /** Stub files (absolute), read after the default locations. */
  stubs: string[];
  /** Project JSON files / CloudFormation templates (absolute) that define CodeBuild projects for pipelines. */
  projects: string[];
  /** CloudFormation templates (absolute) whose bucket, KMS key and ECR repository policies apply (docs/accounts.md). */
  policies?: string[];
  /** Plain-text variables every build gets, below project and buildspec values in precedence. */
  env: Record<string, string>;
  /** Export name → value: what `Fn::ImportValue` gives in templates (another stack's exports, not deployed here). */
  imports: Record<string, string>;
  ecs: { services: Record<string, EcsServiceConfig> };
  /** Absent unless codelocal.yml has a `lambda` key. */
  lambda?: { functions: Record<string, LambdaFunctionConfig> };
  /** Absent unless codelocal.yml has a `codedeploy` key (config-codedeploy.ts). */
  codedeploy?: CodeDeployConfig;
  /** Absent unless codelocal.yml has an `eks` key (config-eks.ts, docs/eks.md). */
  eks?: EksConfig;
  /** `codelocal lint` settings: rule id -> off|info|warning|error (rule ids are checked by the linter). */
  lint?: { rules: Record<string, LintRuleSetting> };
  /** Absent unless codelocal.yml has an `events` key (config-events.ts): targets of the events log. */
  events?: EventsConfig;
}

export type LintRuleSetting = 'off' | 'info' | 'warning' | 'error';
export const LINT_SETTINGS: readonly LintRuleSetting[] = ['off', 'info', 'warning', 'error'];

export interface LoadedConfig {
  config: CodelocalConfig;
  /** The file read, or undefined when there is none (all defaults). */
  file?: string;
  projectRoot: string;
  /** Where each key was written ("region", "images/aws/codebuild/standard:7.0"), for later messages. */
  positions: Map<string, SourcePosition>;
}

export function defaultConfig(): CodelocalConfig {
  return {
    accountId: DEFAULT_ACCOUNT_ID,
    region: DEFAULT_REGION,
    images: {},
    stubs: [],
    projects: [],
    env: {},
    imports: {},
    ecs: { services: {} },
  };
}
