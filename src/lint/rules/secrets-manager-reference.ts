/**
 * `env.secrets-manager` values follow `secret-id[:json-key[:version-stage[:version-id]]]`, where the
 * secret id may itself be an ARN (which contains colons). Anything else fails DOWNLOAD_SOURCE with a
 * Secrets Manager error before the first phase, often after a long queue.
 */
import { isScalar } from 'yaml';
import { scalarText } from '../../model/index.js';
import { entriesAt } from '../buildspec-context.js';
import { buildspecRule } from './define.js';

const SECRET_ARN = /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[^:\s]+/;

/** Why the reference is malformed, or undefined when it has the documented shape. */
export function secretReferenceProblem(value: string): string | undefined {
  if (value.trim() === '') return 'is empty';
  if (/\s/.test(value)) return 'contains whitespace';
  let rest: string;
  if (value.startsWith('arn:')) {
    const m = SECRET_ARN.exec(value);
    if (!m)
      return 'starts with arn: but is not a Secrets Manager secret ARN (arn:aws:secretsmanager:<region>:<account>:secret:<name>)';
    rest = value.slice(m[0].length);
    if (rest !== '' && !rest.startsWith(':')) return 'has text after the secret ARN';
    rest = rest.slice(1);
  } else {
    const colon = value.indexOf(':');
    if (colon === 0) return 'has no secret id before the first colon';
    rest = colon < 0 ? '' : value.slice(colon + 1);
  }
  const fields = rest === '' ? [] : rest.split(':');
  if (fields.length > 3) return 'has more than four fields (secret-id:json-key:version-stage:version-id)';
  const [, stage, id] = fields;
  if (stage && id) return 'sets both version-stage and version-id, which are mutually exclusive';
  return undefined;
}

export const secretsManagerReference = buildspecRule(
  {
    id: 'secrets-manager-reference',
    severity: 'error',
    summary: 'An `env.secrets-manager` value is not `secret-id:json-key:version-stage:version-id`.',
    explanation:
      'Each value names a secret (by name, or by ARN for another account), optionally followed by a JSON key, ' +
      'then a version stage or a version id (not both): `prod/myapp:api_key`, `prod/db:password:AWSPREVIOUS`, ' +
      '`prod/db::<version-id>` skips to the id with `::` in between. A malformed value fails the build in ' +
      'DOWNLOAD_SOURCE. Fix the reference; keep only the fields you need.',
  },
  (ctx, report) => {
    for (const e of entriesAt(ctx.source, ['env', 'secrets-manager'])) {
      const value = isScalar(e.value) ? scalarText(e.value) : '';
      const problem = secretReferenceProblem(value);
      if (problem) report(`env.secrets-manager.${e.key}: '${value}' ${problem}`, e.pos);
    }
  },
);
