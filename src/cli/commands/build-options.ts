/** Options `build` and `batch` share: where settings, variables and stub values come from. */
import type { Command } from 'commander';
import { parseImageMapFlags } from '../../images/image-map.js';
import { assignmentList, assignmentRecord, collect, parseSecondarySource } from '../option-values.js';

export { collect };

export function addSettingsOptions(cmd: Command): Command {
  return cmd
    .option('--env-parameter <NAME=PARAM>', 'override with a PARAMETER_STORE variable (repeatable)', collect, [])
    .option('--env-secret <NAME=REF>', 'override with a SECRETS_MANAGER variable (repeatable)', collect, [])
    .option(
      '--project <file[#name]>',
      'CodeBuild project: batch-get-projects JSON or a CloudFormation template (#LogicalId)',
    )
    .option('--parameter-overrides <K=V>', 'CloudFormation parameter for --project templates (repeatable)', collect, [])
    .option('--parameter <NAME=VALUE>', 'local Parameter Store value (repeatable)', collect, [])
    .option('--secret <ID=VALUE>', 'local Secrets Manager value (repeatable)', collect, [])
    .option('--stubs <file>', 'parameter/secret stub file, YAML or JSON (repeatable)', collect, [])
    .option('--image-map <AWS=LOCAL>', 'map an AWS image name to a local image (repeatable)', collect, [])
    .option('--state-dir <dir>', 'state folder (default .codelocal in the project root)')
    .option('--no-cache', 'do not restore or save cache.paths');
}

/** The CLI options `build` and `batch` both have (commander's camelCase names). */
export interface SharedCliOptions {
  buildspec?: string;
  image?: string;
  artifacts?: string;
  reports?: string;
  source: string[];
  envFile?: string;
  env: string[];
  envParameter: string[];
  envSecret: string[];
  privileged?: boolean;
  project?: string;
  parameterOverrides: string[];
  parameter: string[];
  secret: string[];
  stubs: string[];
  imageMap: string[];
  timeout?: string;
  stateDir?: string;
  cache: boolean;
}

/** Maps the shared options to the API's run options (the first -s is the primary source). */
export function sharedRunOptions(source: string | undefined, o: SharedCliOptions) {
  const [primary, ...secondary] = o.source;
  return {
    sourceDir: source ?? primary ?? process.cwd(),
    secondarySources: secondary.map(parseSecondarySource),
    buildspec: o.buildspec,
    image: o.image,
    artifactsDir: o.artifacts,
    reportsDir: o.reports,
    envFile: o.envFile,
    env: assignmentList(o.env, '--env'),
    envParameters: assignmentList(o.envParameter, '--env-parameter'),
    envSecrets: assignmentList(o.envSecret, '--env-secret'),
    privileged: o.privileged,
    project: o.project,
    parameterOverrides: assignmentRecord(o.parameterOverrides, '--parameter-overrides'),
    parameters: assignmentRecord(o.parameter, '--parameter'),
    secrets: assignmentRecord(o.secret, '--secret'),
    stubFiles: o.stubs,
    imageMap: parseImageMapFlags(o.imageMap),
    timeoutInMinutes: o.timeout === undefined ? undefined : Number(o.timeout),
    stateDir: o.stateDir,
    noCache: !o.cache,
  };
}
