/**
 * The option tables of `build` and `batch` (src/cli/option-table.ts): each option once, with its
 * help text and the field of the typed API options it fills. The two commands share most of them;
 * where a shared option reads differently for a batch, the batch table restates only its help text.
 */
import type { RunBuildOptions } from '../../api/index.js';
import { DEFAULT_SHELL_WAIT_SECONDS } from '../../model/index.js';
import { parseImageMapFlags } from '../../images/index.js';
import type { CliOption, CliOptionTable } from '../option-table.js';
import { assignmentList, assignmentRecord, parsePositiveNumber, parseSecondarySource } from '../option-values.js';

type BuildOption = CliOption<RunBuildOptions>;

const text =
  <K extends keyof RunBuildOptions>(key: K) =>
  (out: RunBuildOptions, raw: RunBuildOptions[K]) => {
    if (raw !== undefined) out[key] = raw;
  };

export const BUILDSPEC: BuildOption = {
  flags: '-b, --buildspec <path>',
  description: 'buildspec file (relative to the source) or inline YAML; default buildspec.yml',
  fill: text('buildspec'),
};
export const IMAGE: BuildOption = {
  flags: '-i, --image <image>',
  description: 'build image: an AWS name (aws/codebuild/standard:7.0) or a local image',
  fill: text('image'),
};
export const ARTIFACTS: BuildOption = {
  flags: '-a, --artifacts <dir>',
  description: 'also unpack the primary artifact into this folder',
  fill: text('artifactsDir'),
};
export const REPORTS: BuildOption = {
  flags: '-r, --reports <dir>',
  description: 'write parsed test/coverage reports (JSON) into this folder',
  fill: text('reportsDir'),
};
/** `-s`: the first is the primary source (unless SOURCE is given), the others `id:dir` secondary sources. */
export const SOURCE: BuildOption = {
  flags: '-s, --source <[id:]dir>',
  description: 'a source; the first is primary, others are id:dir secondary sources',
  repeatable: true,
  fill: (out, raw: string[]) => {
    const [primary, ...secondary] = raw;
    if (primary !== undefined) out.sourceDir = primary;
    out.secondarySources = secondary.map(parseSecondarySource);
  },
};
export const ENV_FILE: BuildOption = {
  flags: '-e, --env-file <file>',
  description: 'VAR=VALUE lines (as codebuild_build.sh -e: no quote handling)',
  fill: text('envFile'),
};
export const ENV: BuildOption = {
  flags: '--env <NAME=VALUE>',
  description: 'start-build override, highest precedence (repeatable)',
  repeatable: true,
  fill: (out, raw: string[]) => (out.env = assignmentList(raw, '--env')),
};
export const PRIVILEGED: BuildOption = {
  flags: '-d, --privileged',
  description: 'privileged mode (Docker inside the build)',
  fill: text('privileged'),
};
export const TIMEOUT: BuildOption = {
  flags: '--timeout <minutes>',
  description: 'build timeout in minutes (5-2160; default the project, else 60)',
  fill: (out, raw: string | undefined) => (out.timeoutInMinutes = raw === undefined ? undefined : Number(raw)),
};
/** `--json`: the result wrapped as the AWS CLI prints it (`{"build": …}`, `{"buildBatch": …}`). */
export const JSON_OUTPUT = (what: string, key: string, call: string): BuildOption => ({
  flags: '--json',
  description: `print {"${key}": ${what}} on stdout as \`aws codebuild ${call}\` does (log on stderr)`,
});

/** Where settings, variables and stub values come from: the same for both commands, listed last. */
export const SETTINGS: CliOptionTable<RunBuildOptions> = [
  {
    flags: '--env-parameter <NAME=PARAM>',
    description: 'override with a PARAMETER_STORE variable (repeatable)',
    repeatable: true,
    fill: (out, raw: string[]) => (out.envParameters = assignmentList(raw, '--env-parameter')),
  },
  {
    flags: '--env-secret <NAME=REF>',
    description: 'override with a SECRETS_MANAGER variable (repeatable)',
    repeatable: true,
    fill: (out, raw: string[]) => (out.envSecrets = assignmentList(raw, '--env-secret')),
  },
  {
    flags: '--project <file[#name]>',
    description: 'CodeBuild project: batch-get-projects JSON or a CloudFormation template (#LogicalId)',
    fill: text('project'),
  },
  {
    flags: '--parameter-overrides <K=V>',
    description: 'CloudFormation parameter for --project templates (repeatable)',
    repeatable: true,
    fill: (out, raw: string[]) => (out.parameterOverrides = assignmentRecord(raw, '--parameter-overrides')),
  },
  {
    flags: '--parameter <NAME=VALUE>',
    description: 'local Parameter Store value (repeatable)',
    repeatable: true,
    fill: (out, raw: string[]) => (out.parameters = assignmentRecord(raw, '--parameter')),
  },
  {
    flags: '--secret <ID=VALUE>',
    description: 'local Secrets Manager value (repeatable)',
    repeatable: true,
    fill: (out, raw: string[]) => (out.secrets = assignmentRecord(raw, '--secret')),
  },
  {
    flags: '--stubs <file>',
    description: 'parameter/secret stub file, YAML or JSON (repeatable)',
    repeatable: true,
    fill: (out, raw: string[]) => (out.stubFiles = raw),
  },
  {
    flags: '--image-map <AWS=LOCAL>',
    description: 'map an AWS image name to a local image (repeatable)',
    repeatable: true,
    fill: (out, raw: string[]) => (out.imageMap = parseImageMapFlags(raw)),
  },
  {
    flags: '--state-dir <dir>',
    description: 'state folder (default .codelocal in the project root)',
    fill: text('stateDir'),
  },
  {
    flags: '--no-cache',
    description: 'do not restore or save cache.paths',
    fill: (out, raw: boolean) => (out.noCache = !raw),
  },
];

/** `build`'s own options, between the shared source options and SETTINGS. */
export const BUILD_ONLY: CliOptionTable<RunBuildOptions> = [
  {
    flags: '-c, --aws-config',
    description: 'pass the host AWS_* variables into the build (as codebuild_build.sh -c)',
    fill: text('awsConfig'),
  },
  { flags: '-p, --profile <profile>', description: 'AWS profile (with -c)', fill: text('profile') },
  { flags: '-m, --bind', description: 'bind-mount the source instead of copying it', fill: text('bind') },
  PRIVILEGED,
  TIMEOUT,
  JSON_OUTPUT('Build', 'build', 'start-build'),
  { flags: '--dry-run', description: 'print what would run and exit' },
  {
    flags: '--keep',
    description:
      'keep the build container afterwards (for `codelocal attach`, `--reuse`; `codelocal clean` removes it)',
    fill: text('keep'),
  },
  {
    flags: '--local-aws',
    description: 'local AWS stand-ins for the build: ECR registry, STS, SSM, Secrets Manager, S3 (docs/local-aws.md)',
    fill: text('localAws'),
  },
  {
    flags: '--shell-on-failure',
    description:
      'when a command fails, open a shell where it failed before `finally` runs; without a terminal, wait for `codelocal attach`',
    fill: text('shellOnFailure'),
  },
  {
    flags: '--stop-after-shell',
    description: 'with --shell-on-failure: stop the build when the shell closes instead of going on',
    fill: text('stopAfterShell'),
  },
  {
    flags: '--shell-wait <seconds>',
    description: 'without a terminal: how long a failed build waits for attach/resume',
    defaultValue: String(DEFAULT_SHELL_WAIT_SECONDS),
    fill: (out, raw: string) => (out.shellWaitSeconds = parsePositiveNumber(raw, '--shell-wait')),
  },
  {
    flags: '--phase <name>',
    description: 'run only this phase (repeatable); the other phases are skipped, not run',
    repeatable: true,
    fill: (out, raw: string[]) => (out.phases = raw),
  },
  {
    flags: '--from-phase <name>',
    description: 'run this phase and the later ones; earlier phases are skipped, not run',
    fill: text('fromPhase'),
  },
  {
    flags: '--reuse <build-id>',
    description: 'run in the kept container of an earlier --keep build (its files and shell state)',
    fill: text('reuse'),
  },
  { flags: '-w, --watch', description: 'build again when a source file changes (a change during a build restarts it)' },
];

export const BUILD_OPTIONS: CliOptionTable<RunBuildOptions> = [
  BUILDSPEC,
  IMAGE,
  ARTIFACTS,
  REPORTS,
  SOURCE,
  ENV_FILE,
  ENV,
  ...BUILD_ONLY,
  ...SETTINGS,
];
