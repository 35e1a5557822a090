/**
 * Turns the model validators' problems into findings: same message, same position, plus a rule id so
 * they can be explained, configured and disabled like every other finding. Buildspec problems all share
 * CodeBuild's YAML_FILE_ERROR code, so they are told apart by their (stable, tested) wording; pipeline
 * problems carry a code per AWS exception.
 */
import type { InputError, SourcePosition } from '../errors.js';
import type { Finding, Severity } from './types.js';
import { findRule } from './registry.js';

const BUILDSPEC_ERRORS: [RegExp, string][] = [
  [/^unknown key /, 'unknown-key'],
  [/to be of string type: found subkeys/, 'unquoted-colon'],
  [/to be of string type: found empty value/, 'empty-command'],
  [/to be of list type/, 'commands-not-list'],
  [/^'runtime-versions' is only allowed/, 'runtime-versions-phase'],
  [/^invalid secondary artifact identifier/, 'artifact-identifier'],
  [/^'version' is required|^unsupported buildspec version/, 'buildspec-version'],
];

const BUILDSPEC_WARNINGS: [RegExp, string][] = [
  [/^buildspec version 0\.1/, 'legacy-version'],
  [/cannot be exported \(AWS_ prefix\)/, 'exported-aws-prefix'],
  [/names starting with CODEBUILD_ are reserved/, 'reserved-variable-name'],
  [/ has no commands$/, 'phase-without-commands'],
  [/^'artifacts' has no 'files'/, 'artifacts-without-files'],
];

const BY_CODE: Record<string, string> = {
  PIPELINE_INVALID_STRUCTURE: 'pipeline-structure',
  PIPELINE_INVALID_STAGE: 'pipeline-stage',
  PIPELINE_INVALID_ACTION: 'pipeline-action',
  PIPELINE_VALIDATION: 'pipeline-value',
  PIPELINE_SHAPE: 'pipeline-shape',
  PIPELINE_TEMPLATE: 'template-pipeline',
  PIPELINE_NOT_FOUND: 'template-invalid',
  TEMPLATE_INVALID: 'template-invalid',
  TEMPLATE_REF: 'template-invalid',
  TEMPLATE_INTRINSIC: 'template-invalid',
  TEMPLATE_PARAMETER: 'template-invalid',
  PROJECT_INVALID: 'project-invalid',
  PROJECT_NOT_FOUND: 'project-invalid',
  CONFIG_INVALID: 'config-invalid',
  CONFIG_UNKNOWN_KEY: 'config-invalid',
  CONFIG_AMBIGUOUS: 'config-invalid',
  // warnings
  PIPELINE_UNKNOWN_KEY: 'pipeline-unknown-key',
  PIPELINE_UNKNOWN_CONFIGURATION: 'pipeline-unknown-key',
  PIPELINE_ARTIFACT_REFERENCE: 'pipeline-artifact-reference',
  PIPELINE_VARIABLE_REFERENCE: 'pipeline-variable-reference',
  PIPELINE_NO_ARTIFACT_STORE: 'pipeline-no-artifact-store',
  PIPELINE_V2_ASSUMED: 'pipeline-v2-assumed',
  TEMPLATE_WARNING: 'template-warning',
};

function match(table: [RegExp, string][], message: string, fallback: string): string {
  return table.find(([re]) => re.test(message))?.[1] ?? fallback;
}

export function finding(
  ruleId: string,
  message: string,
  pos: SourcePosition | undefined,
  file: string,
  severity?: Severity,
): Finding {
  return {
    ruleId,
    severity: severity ?? findRule(ruleId)?.severity ?? 'error',
    message,
    file: pos?.file ?? file,
    line: pos?.line ?? 1,
    column: pos?.column ?? 1,
  };
}

/** parseYaml's problems: duplicate keys or syntax errors, whatever the file kind. */
export function yamlProblem(e: InputError, file: string): Finding {
  return finding(e.message.startsWith('duplicate key ') ? 'duplicate-key' : 'yaml-syntax', e.message, e.position, file);
}

export function buildspecError(e: InputError, file: string): Finding {
  return finding(match(BUILDSPEC_ERRORS, e.message, 'buildspec-invalid'), e.message, e.position, file);
}

export function buildspecWarning(w: { message: string; pos: SourcePosition }, file: string): Finding {
  return finding(match(BUILDSPEC_WARNINGS, w.message, 'buildspec-warning'), w.message, w.pos, file);
}

/** A coded problem of the pipeline, template, project or config validators. */
export function codedProblem(
  p: { code: string; message: string; position?: SourcePosition },
  file: string,
  fallback: string,
): Finding {
  return finding(BY_CODE[p.code] ?? fallback, p.message, p.position, file);
}
