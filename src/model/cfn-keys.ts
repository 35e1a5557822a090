/**
 * CloudFormation writes properties in PascalCase, the service APIs in lower camel case
 * (docs/aws/codepipeline.md §1.12). Converting keys lets one loader serve both inputs.
 */

/**
 * `RoleArn` -> `roleArn`, `S3Prefix` -> `s3Prefix`, `KMSKeyId` -> `kmsKeyId`, `URL` -> `url`:
 * a leading run of capitals is lowered except the last one when a lowercase letter follows it.
 */
export function toLowerCamel(key: string): string {
  const m = /^[A-Z]+/.exec(key);
  if (!m) return key;
  const run = m[0];
  if (run.length === key.length) return key.toLowerCase();
  if (run.length === 1 || !/[a-z]/.test(key[run.length]!)) return run.toLowerCase() + key.slice(run.length);
  return run.slice(0, -1).toLowerCase() + key.slice(run.length - 1);
}

/**
 * Deep copy with every object key lower-camel-cased, except that the values under `keep` keys (matched on
 * the original PascalCase name, e.g. `Configuration`, whose keys are provider-defined) are copied as is.
 */
export function camelCaseKeys(value: unknown, keep: readonly string[] = []): any {
  if (Array.isArray(value)) return value.map((v) => camelCaseKeys(v, keep));
  // A NotEvaluated (an unknown value, issue 11) is kept as it is: its fields are not properties.
  if (value === null || typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    out[toLowerCamel(k)] = keep.includes(k) ? structuredClone(v) : camelCaseKeys(v, keep);
  }
  return out;
}
