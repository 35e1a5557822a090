/**
 * The glob syntax of CodePipeline trigger filters (docs/aws/codepipeline.md §10.3): `*` within one
 * path segment, `**` across segments, `?` one character, `[...]` classes (`!` negates), `{a,b}`
 * groups (not nested) and `\` escapes — the rules of Java NIO's `glob:` matcher, which AWS's
 * examples follow. Branch and tag names are matched with the same rules as file paths.
 */

/** A glob → an anchored RegExp; a malformed pattern (open `[` or `{`) matches itself literally. */
export function globToRegExp(glob: string): RegExp {
  try {
    return new RegExp(`^${translate(glob)}$`, 'u');
  } catch {
    return new RegExp(`^${escape(glob)}$`, 'u');
  }
}

export function globMatches(glob: string, value: string): boolean {
  return globToRegExp(glob).test(value);
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function translate(glob: string): string {
  let out = '';
  let inGroup = false;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '\\') {
      if (i + 1 >= glob.length) throw new Error('dangling escape');
      out += escape(glob[++i]!);
    } else if (c === '*') {
      if (glob[i + 1] === '*') {
        out += '.*';
        i++;
      } else out += '[^/]*';
    } else if (c === '?') out += '[^/]';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 2);
      if (end < 0) throw new Error('open class');
      let body = glob.slice(i + 1, end);
      const negate = body.startsWith('!');
      if (negate) body = body.slice(1);
      // Inside a class every character stands for itself, except `-` ranges.
      out += `[${negate ? '^' : ''}${body.replace(/[\\\]^[]/g, '\\$&')}]`;
      i = end;
    } else if (c === '{') {
      if (inGroup) throw new Error('nested group');
      inGroup = true;
      out += '(?:';
    } else if (c === '}' && inGroup) {
      inGroup = false;
      out += ')';
    } else if (c === ',' && inGroup) out += '|';
    else out += escape(c);
  }
  if (inGroup) throw new Error('open group');
  return out;
}
