/** Rules about the lint run itself: directives, configuration and files that are not recognised. */
import { passive } from './define.js';

export const unknownRule = passive({
  id: 'unknown-rule',
  severity: 'warning',
  kinds: ['buildspec', 'template', 'config'],
  origin: 'lint',
  summary: 'A disable comment or the lint config names a rule that does not exist.',
  explanation:
    'A misspelt rule id in `# codelocal-lint-disable ...` or under `lint.rules` in codelocal.yml turns nothing ' +
    'off, so the finding it was meant to silence stays. Use an id from `codelocal lint --list-rules` (the ' +
    'message suggests the closest one).',
});

export const configInvalid = passive({
  id: 'config-invalid',
  severity: 'error',
  kinds: ['config'],
  summary: 'codelocal.yml is invalid.',
  explanation:
    'An unknown key, a value of the wrong type, a `lint.rules` setting other than off, info, warning or error. ' +
    'The lint run continues with the defaults; every other codelocal command refuses the file, so fix it.',
});

export const unrecognizedFile = passive({
  id: 'unrecognized-file',
  severity: 'warning',
  kinds: ['other'],
  origin: 'lint',
  summary: 'A file given on the command line is not a buildspec, pipeline, template or project file.',
  explanation:
    'Files are recognised by content: a buildspec has `version` and `phases` (or `batch`), a pipeline JSON has ' +
    '`pipeline.stages` (or `name` and `stages`), a template has `Resources` with an AWS::CodePipeline::Pipeline ' +
    'or AWS::CodeBuild::Project, a projects file has `projects` (batch-get-projects output). Check the path.',
});
