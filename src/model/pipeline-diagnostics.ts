/**
 * Problem collection for pipeline loading and validation: every check records what is wrong with
 * the position of the offending value and carries on, so one run reports every problem.
 *
 * Error codes follow the exception CreatePipeline/UpdatePipeline raises for the same problem
 * (docs/aws/codepipeline.md §1.11), so a reader can map a codelocal error to what AWS would say.
 */
import { formatPosition, InputError, type CodeOf, type SourcePosition, type WarningCode } from '../errors.js';

/** InvalidStructureException: stage layout, artifact store, pipeline-level rules. */
export const E_STRUCTURE = 'PIPELINE_INVALID_STRUCTURE';
/** InvalidStageDeclarationException. */
export const E_STAGE = 'PIPELINE_INVALID_STAGE';
/** InvalidActionDeclarationException. */
export const E_ACTION = 'PIPELINE_INVALID_ACTION';
/** ValidationException: a field's length, pattern or range (the API model's constraints). */
export const E_VALUE = 'PIPELINE_VALIDATION';
/** The file is not a pipeline at all, or a field has the wrong JSON type. */
export const E_SHAPE = 'PIPELINE_SHAPE';
/** CloudFormation rejects the resource before CodePipeline sees it. */
export const E_CFN = 'PIPELINE_TEMPLATE';

export type Path = readonly (string | number)[];

export interface PipelineWarning {
  code: WarningCode;
  message: string;
  position?: SourcePosition;
}

export function describeWarning(w: PipelineWarning): string {
  const where = formatPosition(w.position);
  return where ? `${where}: ${w.message}` : w.message;
}

/** `stages/1/actions/0/configuration/ProjectName`: the key of LoadedPipeline.positions. */
export function pathKey(path: Path): string {
  return path.join('/');
}

/**
 * The path as AWS's ValidationException names it: `pipeline.stages.2.member.actions.1.member.name`.
 * UNCERTAIN: list members are numbered from 1 as AWS's query-style validation messages do; the one
 * verbatim sample (§1.3) does not show which stage index it refers to.
 */
export function awsPath(path: Path): string {
  const parts = ['pipeline'];
  for (const step of path) parts.push(typeof step === 'number' ? `${step + 1}.member` : step);
  return parts.join('.');
}

/** `1 validation error detected: Value 'x' at 'pipeline.name' failed to satisfy constraint: ...` */
export function constraintMessage(path: Path, value: unknown, constraint: string): string {
  const shown = value === undefined || value === null ? 'null' : `'${valueText(value)}'`;
  return `1 validation error detected: Value ${shown} at '${awsPath(path)}' failed to satisfy constraint: ${constraint}`;
}

/**
 * The same shape for a list or map, which AWS names without a value, as in the one verbatim sample
 * (§1.3): `Value at 'pipeline.stages.2.member.actions.1.member.configuration' failed to satisfy ...`.
 */
export function collectionMessage(path: Path, constraint: string): string {
  return `1 validation error detected: Value at '${awsPath(path)}' failed to satisfy constraint: ${constraint}`;
}

export class Diagnostics {
  readonly errors: InputError[] = [];
  readonly warnings: PipelineWarning[] = [];

  constructor(readonly positionOf: (path: Path) => SourcePosition | undefined) {}

  error(code: CodeOf<'input'>, message: string, path: Path, details?: string[]): void {
    this.errors.push(new InputError(code, message, { position: this.positionOf(path), details }));
  }

  warn(code: WarningCode, message: string, path: Path): void {
    this.warnings.push({ code, message, position: this.positionOf(path) });
  }
}

/** Walks up the path until a recorded position is found (defaults have no text of their own). */
export function lookupPosition(positions: Map<string, SourcePosition>, path: Path): SourcePosition | undefined {
  for (let n = path.length; n >= 0; n--) {
    const p = positions.get(pathKey(path.slice(0, n)));
    if (p) return p;
  }
  return undefined;
}

/** A value as the file wrote it: `.nan` rather than JavaScript's NaN, `{"a":1}` rather than [object Object]. */
export function valueText(value: unknown): string {
  if (typeof value === 'number' && !Number.isFinite(value))
    return Number.isNaN(value) ? '.nan' : value > 0 ? '.inf' : '-.inf';
  if (typeof value === 'object' && value !== null) return JSON.stringify(value);
  return String(value);
}
