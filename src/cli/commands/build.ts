/**
 * `codelocal build [SOURCE]`: runs a buildspec like CodeBuild. Accepts the flags of AWS's
 * `codebuild_build.sh` where they make sense (-i -a -r -s -b -e -c -p -m -d; codebuild.md §5.1)
 * and fixes its known bugs: relative -b paths work, no TTY is needed, the exit code is the
 * build's status (§5.3).
 */
import type { Command } from 'commander';
import { runBuild, planBuild, type RunBuildOptions } from '../../api/build.js';
import { printJson } from '../output.js';
import { renderBuildSummary } from '../render/build-summary.js';
import { renderBuildPlan } from '../render/build-plan.js';
import { EXIT_FAILED } from '../exit-codes.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];

export interface BuildCliOptions {
  buildspec?: string;
  image?: string;
  artifacts?: string;
  reports?: string;
  source: string[];
  envFile?: string;
  env: string[];
  envParameter: string[];
  envSecret: string[];
  awsConfig?: boolean;
  profile?: string;
  bind?: boolean;
  privileged?: boolean;
  project?: string;
  parameterOverrides: string[];
  parameter: string[];
  secret: string[];
  stubs: string[];
  imageMap: string[];
  timeout?: string;
  stateDir?: string;
  json?: boolean;
  dryRun?: boolean;
  keep?: boolean;
  cache: boolean;
}

export function register(program: Command): void {
  program
    .command('build')
    .description('Run a buildspec the way CodeBuild does, in a local runner container')
    .argument('[source]', 'primary source folder (default: current folder)')
    .option('-b, --buildspec <path>', 'buildspec file (relative to the source) or inline YAML; default buildspec.yml')
    .option('-i, --image <image>', 'build image: an AWS name (aws/codebuild/standard:7.0) or a local image')
    .option('-a, --artifacts <dir>', 'also unpack the primary artifact into this folder')
    .option('-r, --reports <dir>', 'write parsed test/coverage reports (JSON) into this folder')
    .option('-s, --source <[id:]dir>', 'a source; the first is primary, others are id:dir secondary sources', collect, [])
    .option('-e, --env-file <file>', 'VAR=VALUE lines (as codebuild_build.sh -e: no quote handling)')
    .option('--env <NAME=VALUE>', 'start-build override, highest precedence (repeatable)', collect, [])
    .option('--env-parameter <NAME=PARAM>', 'override with a PARAMETER_STORE variable (repeatable)', collect, [])
    .option('--env-secret <NAME=REF>', 'override with a SECRETS_MANAGER variable (repeatable)', collect, [])
    .option('-c, --aws-config', 'pass the host AWS_* variables into the build (as codebuild_build.sh -c)')
    .option('-p, --profile <profile>', 'AWS profile (with -c)')
    .option('-m, --bind', 'bind-mount the source instead of copying it')
    .option('-d, --privileged', 'privileged mode (Docker inside the build)')
    .option('--project <file[#name]>', 'CodeBuild project: batch-get-projects JSON or a CloudFormation template (#LogicalId)')
    .option('--parameter-overrides <K=V>', 'CloudFormation parameter for --project templates (repeatable)', collect, [])
    .option('--parameter <NAME=VALUE>', 'local Parameter Store value (repeatable)', collect, [])
    .option('--secret <ID=VALUE>', 'local Secrets Manager value (repeatable)', collect, [])
    .option('--stubs <file>', 'parameter/secret stub file, YAML or JSON (repeatable)', collect, [])
    .option('--image-map <AWS=LOCAL>', 'map an AWS image name to a local image (repeatable)', collect, [])
    .option('--timeout <minutes>', 'build timeout in minutes (5-2160; default the project, else 60)')
    .option('--state-dir <dir>', 'state folder (default .codelocal in the project root)')
    .option('--json', 'print the result as a CodeBuild Build object on stdout (log on stderr)')
    .option('--dry-run', 'print what would run and exit')
    .option('--keep', 'keep the build container afterwards')
    .option('--no-cache', 'do not restore or save cache.paths')
    .addHelpText(
      'after',
      `
Examples:
  codelocal build                              # ./buildspec.yml in the current folder
  codelocal build examples/hello --json        # result as a CodeBuild Build object
  codelocal build -b ci/buildspec.yml --env STAGE=dev --parameter /app/token=abc
  codelocal build --project template.yaml#BuildProject -d
`,
    )
    .action(async (source: string | undefined, opts: BuildCliOptions) => {
      const options = toRunOptions(source, opts);
      if (opts.dryRun) {
        const plan = await planBuild(options);
        if (opts.json) printJson(plan);
        else process.stdout.write(renderBuildPlan(plan));
        return;
      }
      const logStream = opts.json ? process.stderr : process.stdout;
      const build = await runBuild({ ...options, output: (text) => logStream.write(text) });
      if (opts.json) printJson(build);
      else process.stderr.write(renderBuildSummary(build));
      if (build.buildStatus !== 'SUCCEEDED') process.exitCode = EXIT_FAILED;
    });
}

function toRunOptions(source: string | undefined, o: BuildCliOptions): RunBuildOptions {
  const [primary, ...secondary] = o.source;
  return {
    sourceDir: source ?? primary ?? process.cwd(),
    secondarySources: secondary,
    buildspec: o.buildspec,
    image: o.image,
    artifactsDir: o.artifacts,
    reportsDir: o.reports,
    envFile: o.envFile,
    env: o.env,
    envParameters: o.envParameter,
    envSecrets: o.envSecret,
    awsConfig: o.awsConfig,
    profile: o.profile,
    bind: o.bind,
    privileged: o.privileged,
    project: o.project,
    parameterOverrides: o.parameterOverrides,
    parameters: o.parameter,
    secrets: o.secret,
    stubFiles: o.stubs,
    imageMap: o.imageMap,
    timeoutInMinutes: o.timeout === undefined ? undefined : Number(o.timeout),
    stateDir: o.stateDir,
    keep: o.keep,
    noCache: !o.cache,
  };
}
