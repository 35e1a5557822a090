/**
 * A value matching a template parameter's `AllowedPattern`, for lint's placeholders: without one the
 * template cannot be resolved and none of its pipelines or projects would be checked (docs/lint.md,
 * "Template parameters without a Default"). It covers the regex shapes templates use (literals,
 * escapes, character classes, groups, alternation, quantifiers, anchors); every sample is tested with
 * the real RegExp, so a shape it gets wrong costs a sample, never a wrong answer. undefined when none fits.
 */

/** Which alternative and how many repetitions: a few choices, each tried in turn. */
interface Variant {
  alt: 'first' | 'last';
  reps: 'min' | 'one';
}

const VARIANTS: Variant[] = [
  { alt: 'first', reps: 'one' },
  { alt: 'first', reps: 'min' },
  { alt: 'last', reps: 'one' },
  { alt: 'last', reps: 'min' },
];

/** Characters tried, in order, for a class or a negated class: readable ones first. */
const PREFERRED = 'a1A0bcxyzB9-_.:/ @+=,';
/** Samples for `\d`, `\w`, `\s` and their negations. */
const ESCAPE_SAMPLE: Record<string, string> = { d: '1', w: 'a', s: ' ', D: 'a', W: '-', S: 'a' };
const CONTROL: Record<string, string> = { n: '\n', t: '\t', r: '\r', f: '\f', v: '\v', '0': '\0' };

class Sampler {
  private i = 0;
  constructor(
    private readonly p: string,
    private readonly v: Variant,
  ) {}

  run(): string {
    const out = this.alternation();
    if (this.i < this.p.length) throw new Error('unbalanced )');
    return out;
  }

  private alternation(): string {
    const alts = [this.sequence()];
    while (this.p[this.i] === '|') {
      this.i++;
      alts.push(this.sequence());
    }
    return this.v.alt === 'first' ? alts[0]! : alts[alts.length - 1]!;
  }

  private sequence(): string {
    let out = '';
    while (this.i < this.p.length && this.p[this.i] !== '|' && this.p[this.i] !== ')') {
      const atom = this.atom();
      out += atom.repeat(this.quantifier());
    }
    return out;
  }

  private atom(): string {
    const c = this.p[this.i++]!;
    if (c === '^' || c === '$') return '';
    if (c === '.') return 'a';
    if (c === '[') return this.charClass();
    if (c === '\\') return this.escape(false);
    if (c !== '(') return c;
    let lookaround = false;
    if (this.p[this.i] === '?') {
      const m = /^\?(?::|<?[=!]|<[A-Za-z_]\w*>)/.exec(this.p.slice(this.i));
      if (!m) throw new Error('unknown group');
      lookaround = /[=!]$/.test(m[0]);
      this.i += m[0].length;
    }
    const inner = this.alternation();
    if (this.p[this.i++] !== ')') throw new Error('unclosed (');
    return lookaround ? '' : inner;
  }

  /** An escape after `\`; in a class, `\b` is a backspace rather than a word boundary. */
  private escape(inClass: boolean): string {
    const c = this.p[this.i++];
    if (c === undefined) throw new Error('trailing \\');
    if (ESCAPE_SAMPLE[c] !== undefined) return ESCAPE_SAMPLE[c];
    if (CONTROL[c] !== undefined) return CONTROL[c];
    if ((c === 'b' || c === 'B') && !inClass) return '';
    if (c === 'x' || c === 'u') {
      const len = c === 'x' ? 2 : 4;
      const hex = this.p.slice(this.i, this.i + len);
      if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== len) throw new Error('bad hex escape');
      this.i += len;
      return String.fromCharCode(parseInt(hex, 16));
    }
    if (/[1-9kpP]/.test(c)) throw new Error('unsupported escape'); // back-references, properties
    return c;
  }

  /** A member of `[...]` (after the `[`): the first preferred character the class accepts. */
  private charClass(): string {
    const negated = this.p[this.i] === '^';
    if (negated) this.i++;
    const members: ((ch: string) => boolean)[] = [];
    while (this.p[this.i] !== ']') {
      if (this.i >= this.p.length) throw new Error('unclosed [');
      const lo = this.classChar(members);
      if (lo === undefined) continue;
      if (this.p[this.i] === '-' && this.p[this.i + 1] !== ']' && this.i + 1 < this.p.length) {
        this.i++;
        const hi = this.classChar(members);
        if (hi === undefined) throw new Error('bad range');
        members.push((ch) => ch >= lo && ch <= hi);
      } else members.push((ch) => ch === lo);
    }
    this.i++;
    const accepts = (ch: string) => members.some((m) => m(ch)) !== negated;
    const pick = [...PREFERRED].find(accepts);
    if (pick === undefined) throw new Error('no preferred character fits');
    return pick;
  }

  /** One class character; a class escape (`\d`...) is added to members and gives undefined. */
  private classChar(members: ((ch: string) => boolean)[]): string | undefined {
    const c = this.p[this.i++]!;
    if (c !== '\\') return c;
    const e = this.p[this.i];
    if (e !== undefined && ESCAPE_SAMPLE[e] !== undefined) {
      this.i++;
      const re = new RegExp(`\\${e}`);
      members.push((ch) => re.test(ch));
      return undefined;
    }
    return this.escape(true);
  }

  private quantifier(): number {
    const m = /^(?:([*+?])|\{(\d+)(?:(,)(\d*))?\})[?+]?/.exec(this.p.slice(this.i));
    if (!m) return 1;
    this.i += m[0].length;
    let min: number;
    let max: number;
    if (m[1] !== undefined) {
      min = m[1] === '+' ? 1 : 0;
      max = m[1] === '?' ? 1 : Infinity;
    } else {
      min = Number(m[2]);
      max = m[3] === undefined ? min : m[4] ? Number(m[4]) : Infinity;
    }
    if (this.v.reps === 'min') return min;
    return Math.min(Math.max(min, 1), max);
  }
}

/** A string the whole of `pattern` matches (as CloudFormation applies AllowedPattern), or undefined. */
export function samplePattern(pattern: string, accepts: (v: string) => boolean = () => true): string | undefined {
  let full: RegExp;
  try {
    full = new RegExp(`^(?:${pattern})$`);
  } catch {
    return undefined;
  }
  for (const v of VARIANTS) {
    let s: string;
    try {
      s = new Sampler(pattern, v).run();
    } catch {
      continue;
    }
    if (full.test(s) && accepts(s)) return s;
  }
  return undefined;
}
