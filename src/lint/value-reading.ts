/**
 * What the build gets from a YAML scalar, by file kind: lint's claims about changed values must agree
 * with the model. Buildspec values are kept as written (the model's scalarText, as the CodeBuild agent's
 * Go decoder into strings does: `python: 3.10` stays "3.10", `DEBUG: yes` stays "yes"; see the row
 * "YAML version of buildspecs" in docs/fidelity.md).
 * CloudFormation templates are loaded as data (YAML 1.1): the project loader turns a number or boolean
 * into its JavaScript text, so `Value: 3.10` becomes "3.1" and `Value: yes` becomes "true".
 */
import { isScalar, Scalar, type Node } from 'yaml';

/** The text as written in the file (plain scalars only; quoted text is text). */
export function writtenText(node: Node | null): string | undefined {
  if (!isScalar(node)) return undefined;
  return node.source ?? (typeof node.value === 'string' ? node.value : undefined);
}

/** The string a template value gives the project after loading; undefined for non-scalars. */
function templateValue(node: Node | null): string | undefined {
  if (!isScalar(node)) return undefined;
  const v: unknown = node.value;
  if (v === null || v === undefined) return undefined;
  return typeof v === 'string' ? v : String(v);
}

/** A plain scalar whose loaded text differs from what was written: `{written, built}`, else undefined. */
export function changedTemplateScalar(node: Node | null): { written: string; built: string; kind: string } | undefined {
  if (!isScalar(node) || node.type !== Scalar.PLAIN || typeof node.value === 'string') return undefined;
  const written = writtenText(node);
  const built = templateValue(node);
  if (written === undefined || built === undefined || written === built) return undefined;
  return { written, built, kind: typeof node.value };
}
