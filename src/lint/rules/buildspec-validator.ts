/**
 * Rules whose findings are the buildspec validator's own problems (src/model/buildspec.ts), with its
 * messages and positions unchanged. validator-map.ts decides which rule a problem belongs to.
 */
import { passive } from './define.js';

const B = ['buildspec'] as const;

export const yamlSyntax = passive({
  id: 'yaml-syntax',
  severity: 'error',
  kinds: ['buildspec', 'pipeline', 'template', 'projects', 'config'],
  summary: 'The file is not valid YAML (or JSON).',
  explanation:
    'The parser stopped at this position: a bad indentation, a tab used for indentation, an unclosed quote or ' +
    'bracket, a stray character. CodeBuild fails such a buildspec in DOWNLOAD_SOURCE with YAML_FILE_ERROR before ' +
    'any phase runs, and CloudFormation or CodePipeline reject such a template or pipeline. Fix the syntax at the ' +
    'reported line; indent with spaces only.',
});

export const duplicateKey = passive({
  id: 'duplicate-key',
  severity: 'error',
  // Buildspecs, templates, pipeline and project JSON: duplicate-key-last-wins (AWS keeps the last key there).
  kinds: ['config'],
  summary: 'A key appears twice in the same mapping of codelocal.yml.',
  explanation:
    'Two `projects:` (or two `env:`...) in one mapping of codelocal.yml: YAML readers disagree on which one ' +
    'wins, and the other is silently dropped. Merge the two entries into one.',
});

export const duplicateKeyLastWins = passive({
  id: 'duplicate-key-last-wins',
  severity: 'warning',
  kinds: ['buildspec', 'pipeline', 'template', 'projects'],
  summary: 'A key appears twice in a buildspec, a template or pipeline/project JSON; AWS takes the last.',
  explanation:
    'CloudFormation and the AWS CLI (reading pipeline or project JSON) keep the last of two equal keys in one ' +
    'mapping, so AWS accepts the file and the first value is silently dropped (often inside an IAM policy ' +
    'statement). CodeBuild runs a buildspec with a repeated key too; codelocal keeps the last one there as well ' +
    '(which one the agent keeps is not documented: docs/fidelity.md). A repeated `phases:` or `build:` drops ' +
    'the commands of the first. Remove the entry you do not mean.',
});

export const unknownKey = passive({
  id: 'unknown-key',
  severity: 'warning',
  kinds: B,
  summary: 'A buildspec key that CodeBuild does not know (with a "did you mean").',
  explanation:
    'Buildspec keys are case-sensitive and spelt with hyphens or underscores exactly as documented: `commands` ' +
    'not `Commands` or `command`, `pre_build` not `pre-build`, `secrets-manager` not `secrets_manager`. CodeBuild ' +
    'ignores a key it does not know (its YAML decoder skips it), so a misspelt key silently drops what it holds: ' +
    'the build runs without those commands or settings. codelocal does the same and names the ignored key in the ' +
    'build log. Use the suggested spelling.',
});

export const unquotedColon = passive({
  id: 'unquoted-colon',
  severity: 'error',
  kinds: B,
  summary: 'An unquoted `: ` turns a command into a map.',
  explanation:
    'In YAML, `- echo Result: ok` is a list item holding the map {"echo Result": "ok"}, not a string, and CodeBuild ' +
    'fails with "Expected Commands[n] to be of string type: found subkeys instead". Quote the whole command ' +
    "(`- 'echo Result: ok'`), or use a block scalar (`- |` followed by the command on the next lines).",
});

export const emptyCommand = passive({
  id: 'empty-command',
  severity: 'warning',
  kinds: B,
  summary: 'A list item is empty (`-` alone, or `- # a note`).',
  explanation:
    'A `-` with nothing after it, or followed only by a comment, is a YAML null: there is no command there and ' +
    'it is skipped (codelocal skips it too, see docs/fidelity.md). It is usually a leftover after deleting a ' +
    'command, or a command written on the next line with the wrong indentation. Remove the item or put the ' +
    'command on the same line as the dash.',
});

export const commandsNotList = passive({
  id: 'commands-not-list',
  severity: 'error',
  kinds: B,
  summary: '`commands` (or `finally`, `files`, ...) is a map instead of a list.',
  explanation:
    '`commands:` followed by `key: value` lines is a map; CodeBuild expects a list and fails with "Expected ' +
    'Commands to be of list type". Write each command as a list item: `- npm test`. (A single string, ' +
    '`commands: npm test` or a `|` block, is taken as a list of one: see the `scalar-as-list` rule.)',
});

export const scalarAsList = passive({
  id: 'scalar-as-list',
  severity: 'warning',
  kinds: B,
  summary: '`commands`, `files`, `paths`... is one string instead of a list.',
  explanation:
    "`files: '**/*'` or `commands: |` followed by a block of lines is a single string where the reference " +
    'shows a list. Real buildspecs (AWS samples among them) rely on it and codelocal takes it as a list of one ' +
    'item: one pattern, or one command that the shell runs as a script (all lines in one shell, so a failing ' +
    'line in the middle does not stop the block unless it uses `set -e`). See docs/fidelity.md. Write a list ' +
    '(`- npm test`) to remove the doubt.',
});

export const runtimeVersionsPhase = passive({
  id: 'runtime-versions-phase',
  severity: 'error',
  kinds: B,
  summary: '`runtime-versions` outside the install phase.',
  explanation:
    'Runtimes are selected before the install phase starts, so `runtime-versions` is only accepted under ' +
    '`phases.install`. Move the section there.',
});

export const artifactIdentifier = passive({
  id: 'artifact-identifier',
  severity: 'error',
  kinds: B,
  summary: 'A secondary artifact identifier is not 1-127 letters, digits or underscores.',
  explanation:
    "The keys under `artifacts.secondary-artifacts` are artifact identifiers and must match the project's " +
    '`secondaryArtifacts[].artifactIdentifier`, which allows only letters, digits and underscores (at most 127). ' +
    'Hyphens, dots and spaces are rejected: rename `my-artifact` to `my_artifact` in the buildspec and the project.',
});

export const batchIdentifier = passive({
  id: 'batch-identifier',
  severity: 'error',
  kinds: B,
  summary: 'A `batch` build-graph or build-list identifier is not letters, digits or underscores.',
  explanation:
    'Each task of `batch.build-graph` or `batch.build-list` needs an `identifier` of letters, digits and ' +
    'underscores only. CodeBuild rejects the whole batch (BATCH_SPEC_VALIDATION_ERROR, "Build Identifiers ... ' +
    'must contain only alphanumeric characters and underscores") before any member starts, and `codelocal batch` ' +
    'does the same; a plain build of the same file ignores the batch section. Rename `build-amd64` to ' +
    '`build_amd64`, in `depend-on` lists too.',
});

export const buildspecVersion = passive({
  id: 'buildspec-version',
  severity: 'error',
  kinds: B,
  summary: '`version` is missing or is not 0.2 (or 0.1).',
  explanation:
    'Every buildspec starts with `version: 0.2`. Other values (0.3, 2, "latest") are rejected and a missing ' +
    'version fails the build. Write `version: 0.2`.',
});

export const buildspecInvalid = passive({
  id: 'buildspec-invalid',
  severity: 'error',
  kinds: B,
  summary: 'Any other problem the buildspec validator rejects.',
  explanation:
    'A value of the wrong type (a map where a string is expected, `yes`/`no` expected), a missing required key ' +
    '(`phases`, `files` of a secondary artifact or report), an invalid `on-failure`, `env.shell`, report ' +
    '`file-format` or `cache.action`, too many report groups or fallback keys; in the `batch` section, a missing ' +
    'or second batch kind, a duplicate task identifier, an unknown or cyclic `depend-on`, an empty matrix ' +
    'dimension or a bad fanout `parallelism` (`codelocal batch` rejects these). The message says what was ' +
    'expected; fix the value at the reported position.',
});

export const legacyVersion = passive({
  id: 'legacy-version',
  severity: 'warning',
  kinds: B,
  summary: '`version: 0.1` runs every command in its own shell.',
  explanation:
    'With 0.1, `cd`, `export` and variables do not carry from one command to the next, which surprises most ' +
    'readers of the file. Use `version: 0.2` (rename `environment_variables` to `env` and `plaintext` to ' +
    '`variables`).',
});

export const exportedAwsPrefix = passive({
  id: 'exported-aws-prefix',
  severity: 'error',
  kinds: B,
  summary: 'An `exported-variables` name starts with `AWS_`.',
  explanation:
    'CodeBuild cannot export variables whose names start with `AWS_`, so the next pipeline action never sees ' +
    'the value. Copy it to another name in a command (`export IMAGE_REGION=$AWS_REGION`) and export that.',
});

export const reservedVariableName = passive({
  id: 'reserved-variable-name',
  severity: 'warning',
  kinds: B,
  summary: 'An env variable name starts with the reserved `CODEBUILD_` prefix.',
  explanation:
    'Names starting with `CODEBUILD_` are reserved for the variables CodeBuild sets itself; defining one may be ' +
    'ignored or break the build agent. Pick another prefix.',
});

export const phaseWithoutCommands = passive({
  id: 'phase-without-commands',
  severity: 'warning',
  kinds: B,
  summary: 'A pre_build, build or post_build phase has no `commands`.',
  explanation:
    'The phase runs with 0 commands, which usually means its commands were put under a misspelt key or at the ' +
    'wrong indentation. Add `commands:` or remove the phase.',
});

export const artifactsWithoutFiles = passive({
  id: 'artifacts-without-files',
  severity: 'warning',
  kinds: B,
  summary: '`artifacts` has no `files`.',
  explanation:
    '`artifacts.files` is required even when only secondary artifacts are used; without it the build fails in ' +
    'UPLOAD_ARTIFACTS with "no definition for primary artifacts in buildspec". Add `files:` with the paths to ' +
    'upload.',
});

export const buildspecWarning = passive({
  id: 'buildspec-warning',
  severity: 'warning',
  kinds: B,
  summary: 'Any other warning of the buildspec validator.',
  explanation:
    'Something CodeBuild accepts but ignores or handles surprisingly, such as `cache.fallback-keys` without ' +
    '`cache.key`. The message names it; adjust the file or disable the rule for it.',
});
