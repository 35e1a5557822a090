/**
 * CloudFormation dynamic references (`{{resolve:ssm:NAME[:VERSION]}}`, `{{resolve:ssm-secure:…}}`,
 * `{{resolve:secretsmanager:…}}`), which CloudFormation replaces in resource properties before it calls the
 * service (docs/aws/codepipeline.md §6.3, docs/fidelity.md "Values CloudFormation computes and codelocal
 * cannot"). A plain `ssm` reference takes the value of a parameter stub when one answers (docs/stubs.md);
 * anything else is unknown, not wrong. Secret references are never resolved here: their value would
 * otherwise travel into the pipeline or project that plans, `--json` and history print, while CloudFormation
 * itself only ever shows the reference.
 */
import { DYNAMIC_REFERENCE, NotEvaluated } from './not-evaluated.js';

/** The value of a String or StringList parameter stub, or undefined when no stub gives one. */
export type SsmParameterLookup = (name: string) => string | undefined;

type Path = (string | number)[];
type Warn = (message: string, path: Path) => void;

const REFERENCE = /\{\{resolve:(ssm|ssm-secure|secretsmanager):([^}]*)\}\}/g;

/** `NAME` or `NAME:VERSION` (a whole number); stubs have no versions, so one value answers every version. */
export function ssmParameterName(body: string): string {
  const colon = body.lastIndexOf(':');
  return colon > 0 && /^\d+$/.test(body.slice(colon + 1)) ? body.slice(0, colon) : body;
}

/** `value` with its dynamic references resolved; a string with one left unknown becomes a NotEvaluated. */
export function resolveDynamicReferences(
  value: unknown,
  path: Path,
  lookup: SsmParameterLookup | undefined,
  warn: Warn,
): unknown {
  if (typeof value === 'string') return resolveInString(value, path, lookup, warn);
  if (Array.isArray(value)) return value.map((v, i) => resolveDynamicReferences(v, [...path, i], lookup, warn));
  // A NotEvaluated (or any other class instance) is kept as it is.
  if (value === null || typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, resolveDynamicReferences(v, [...path, k], lookup, warn)]),
  );
}

function resolveInString(text: string, path: Path, lookup: SsmParameterLookup | undefined, warn: Warn): unknown {
  if (!text.includes('{{resolve:')) return text;
  let unknown: string | undefined;
  const out = text.replace(REFERENCE, (whole: string, service: string, body: string) => {
    const known = service === 'ssm' ? lookup?.(ssmParameterName(body)) : undefined;
    if (known !== undefined) return known;
    if (unknown === undefined) {
      unknown = whole;
      warn(
        service !== 'ssm'
          ? `dynamic reference ${whole} names a secret, which codelocal never puts into a template value: it is unknown here, and only what needs it fails`
          : lookup
            ? `dynamic reference ${whole} has no local value (no String parameter stub '${ssmParameterName(body)}'): it is unknown here, and only what needs it fails`
            : `dynamic reference ${whole} is not looked up by this command (plan, run and build read parameter stubs): it is unknown here, and only what needs it fails`,
        path,
      );
    }
    return whole;
  });
  return unknown === undefined ? out : new NotEvaluated(DYNAMIC_REFERENCE, unknown);
}
