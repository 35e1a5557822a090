/**
 * Turns the model validators' problems into findings: same message, same position, plus a rule id so
 * they can be explained, configured and disabled like every other finding. Every problem carries a code
 * from the catalogue (src/errors.ts) and the rule id is read from the code in one plain table: the wording
 * of a message is free to change.
 */
import type { ErrorCode, InputError, SourcePosition } from '../errors.js';
import type { BuildspecWarning } from '../model/index.js';
import type { Finding, Severity } from './types.js';
import { findRule } from './registry.js';

/** Code -> rule id. A code not listed falls back to the rule of its file kind (`buildspec-invalid`...). */
export const RULE_OF_CODE: Partial<Record<ErrorCode, string>> = {
  YAML_SYNTAX: 'yaml-syntax',
  YAML_KEY_DUPLICATE: 'duplicate-key',
  // buildspec errors
  BUILDSPEC_KEY_UNKNOWN: 'unknown-key',
  BUILDSPEC_ITEM_SUBKEYS: 'unquoted-colon',
  BUILDSPEC_ITEM_EMPTY: 'empty-command',
  BUILDSPEC_VALUE_NOT_LIST: 'commands-not-list',
  BUILDSPEC_VALUE_SCALAR_LIST: 'scalar-as-list',
  BUILDSPEC_CACHE_PATHS_MISSING: 'buildspec-warning',
  BUILDSPEC_RUNTIME_VERSIONS_MISPLACED: 'runtime-versions-phase',
  BUILDSPEC_ARTIFACT_IDENTIFIER_INVALID: 'artifact-identifier',
  BATCH_IDENTIFIER_INVALID: 'batch-identifier',
  BUILDSPEC_VERSION_MISSING: 'buildspec-version',
  BUILDSPEC_VERSION_UNSUPPORTED: 'buildspec-version',
  // buildspec warnings
  BUILDSPEC_VERSION_LEGACY: 'legacy-version',
  BUILDSPEC_EXPORT_AWS_PREFIX: 'exported-aws-prefix',
  BUILDSPEC_VARIABLE_RESERVED: 'reserved-variable-name',
  BUILDSPEC_PHASE_COMMANDS_MISSING: 'phase-without-commands',
  BUILDSPEC_ARTIFACTS_FILES_MISSING: 'artifacts-without-files',
  BUILDSPEC_SHELL_WINDOWS: 'windows-not-emulated',
  // pipelines, templates, projects, codelocal.yml
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
  // pipeline and template warnings
  PIPELINE_UNKNOWN_KEY: 'pipeline-unknown-key',
  PIPELINE_UNKNOWN_CONFIGURATION: 'pipeline-unknown-key',
  PIPELINE_ARTIFACT_REFERENCE: 'pipeline-artifact-reference',
  PIPELINE_VARIABLE_REFERENCE: 'pipeline-variable-reference',
  PIPELINE_NO_ARTIFACT_STORE: 'pipeline-no-artifact-store',
  PIPELINE_V2_ASSUMED: 'pipeline-v2-assumed',
  TEMPLATE_WARNING: 'template-warning',
  YAML_KEY_LAST_WINS: 'duplicate-key-last-wins',
};

function ruleOf(code: ErrorCode, fallback: string): string {
  return RULE_OF_CODE[code] ?? fallback;
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
  return finding(ruleOf(e.code, 'yaml-syntax'), e.message, e.position, file);
}

export function buildspecError(e: InputError, file: string): Finding {
  return finding(ruleOf(e.code, 'buildspec-invalid'), e.message, e.position, file);
}

export function buildspecWarning(w: BuildspecWarning, file: string): Finding {
  return finding(ruleOf(w.code, 'buildspec-warning'), w.message, w.pos, file);
}

/** A coded problem of the pipeline, template, project or config validators. */
export function codedProblem(
  p: { code: ErrorCode; message: string; position?: SourcePosition },
  file: string,
  fallback: string,
): Finding {
  return finding(ruleOf(p.code, fallback), p.message, p.position, file);
}
