/**
 * IAM's `*` and `?` wildcards (docs/aws/iam.md §2.3, §2.4): actions compare ignoring case, resources
 * with case, and in an ARN a wildcard matches inside one colon-separated segment only.
 */

const cache = new Map<string, RegExp>();

function globRegex(pattern: string, flags: string, segment: boolean): RegExp {
  const key = `${flags}|${segment ? 1 : 0}|${pattern}`;
  let re = cache.get(key);
  if (!re) {
    const any = segment ? '[^:]*' : '.*';
    const one = segment ? '[^:]' : '.';
    const body = pattern
      .split('')
      .map((c) => (c === '*' ? any : c === '?' ? one : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
      .join('');
    re = new RegExp(`^${body}$`, `s${flags}`);
    if (cache.size > 5000) cache.clear();
    cache.set(key, re);
  }
  return re;
}

/** Plain glob over the whole string (StringLike, action names). */
export function globMatch(pattern: string, value: string, ignoreCase = false): boolean {
  return globRegex(pattern, ignoreCase ? 'i' : '', false).test(value);
}

export function actionMatches(pattern: string, action: string): boolean {
  return pattern === '*' || globMatch(pattern, action, true);
}

/**
 * An ARN pattern against an ARN: the first five segments one by one, the rest (which may hold colons) as one;
 * `*` alone matches everything.
 */
export function arnMatches(pattern: string, arn: string): boolean {
  if (pattern === '*') return true;
  const p = splitArn(pattern);
  const a = splitArn(arn);
  if (!p || !a) return globMatch(pattern, arn);
  return p.every((seg, i) => (i < 5 ? globRegex(seg, '', true).test(a[i]!) : globMatch(seg, a[i]!)));
}

function splitArn(s: string): string[] | undefined {
  const parts = s.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  return [...parts.slice(0, 5), parts.slice(5).join(':')];
}
