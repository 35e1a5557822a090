/**
 * Hides secrets in build output the way CodeBuild does (docs/aws/codebuild.md §1.5 "Masking"): resolved
 * parameter-store and secrets-manager values, and anything shaped like an AWS access key id, are
 * replaced by `***`. Only exact values are masked; a base64 or reversed secret is not, as in AWS.
 */
import { StringDecoder } from 'node:string_decoder';
import { Transform, type TransformCallback } from 'node:stream';

export const MASK = '***';

/** AKIA (long-term) / ASIA (temporary) followed by 16 upper-case alphanumerics, not inside a longer token. */
const ACCESS_KEY_ID = '(?<![A-Z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])';
const ACCESS_KEY_ID_LENGTH = 20;
/** The start of an access key id at the end of a text: A, AK, AKI, AKIA + up to 15 more. */
const PARTIAL_ACCESS_KEY_ID = /(?<![A-Z0-9])(?:A|AK|AS|AKI|ASI|(?:AKIA|ASIA)[A-Z0-9]{0,15})$/;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export class SecretMasker {
  private readonly values = new Set<string>();
  private pattern: RegExp | undefined;
  private longest = ACCESS_KEY_ID_LENGTH;

  /**
   * Registers a value to hide. Empty and 1-character values are ignored: masking every `a` or `1`
   * would destroy the log and protect nothing. A multi-line value (a PEM key) also registers each
   * of its lines of 4+ characters, because line-oriented streams never see it whole.
   */
  add(value: string | undefined): void {
    if (value === undefined || value.length < 2 || this.values.has(value)) return;
    this.values.add(value);
    if (/[\r\n]/.test(value)) {
      // UNCERTAIN: how CodeBuild masks multi-line values is undocumented; masking each substantial
      // line errs on the side of hiding.
      for (const line of value.split(/\r?\n|\r/)) {
        const t = line.trim();
        if (t.length >= 4) this.values.add(t);
      }
    }
    this.pattern = undefined;
  }

  addAll(values: Iterable<string | undefined>): void {
    for (const v of values) this.add(v);
  }

  get size(): number {
    return this.values.size;
  }

  /** Length of the longest match possible; a stream keeps this much minus one back. */
  get maxMatchLength(): number {
    this.compile();
    return this.longest;
  }

  private compile(): RegExp {
    if (this.pattern) return this.pattern;
    // Longest first: at any position the regex takes the first alternative that matches, so a
    // secret that contains another secret is hidden whole rather than leaving its tail visible.
    const sorted = [...this.values].sort((a, b) => b.length - a.length);
    this.longest = Math.max(ACCESS_KEY_ID_LENGTH, sorted[0]?.length ?? 0);
    this.pattern = new RegExp([...sorted.map(escapeRegExp), ACCESS_KEY_ID].join('|'), 'g');
    return this.pattern;
  }

  mask(text: string): string {
    if (text.length < 2) return text;
    return text.replace(this.compile(), MASK);
  }

  /**
   * Splits `text` into a part safe to emit now (masked) and a tail to hold back, such that no
   * secret straddles the cut: the tail is the last `maxMatchLength - 1` characters, moved earlier
   * if a complete match crosses that point.
   */
  maskSafePrefix(text: string): { out: string; rest: string } {
    const re = this.compile();
    let cut = Math.max(0, text.length - (this.longest - 1));
    re.lastIndex = 0;
    // Matches come left to right without overlap, so only the first one reaching past the cut matters.
    for (let m = re.exec(text); m && m.index < cut; m = re.exec(text)) {
      if (m.index + m[0].length > cut) {
        cut = m.index;
        break;
      }
    }
    return { out: this.mask(text.slice(0, cut)), rest: text.slice(cut) };
  }

  /**
   * How many characters at the end of `text` could be the start of a secret (or of an access key id)
   * that the next chunk completes: output paused in the middle of a secret must hold those back.
   */
  pendingPrefixLength(text: string): number {
    let pending = 0;
    for (const v of this.values) {
      for (let k = Math.min(v.length - 1, text.length); k > pending; k--) {
        if (text.endsWith(v.slice(0, k))) {
          pending = k;
          break;
        }
      }
    }
    const key = PARTIAL_ACCESS_KEY_ID.exec(text);
    return Math.max(pending, key ? key[0].length : 0);
  }

  /**
   * Splits `text` into a masked part safe to emit now and a tail that may still become a secret:
   * only a possible secret prefix is held, so a pause mid-secret never lets it out in two halves.
   */
  holdBack(text: string): { out: string; rest: string } {
    const re = this.compile();
    let cut = text.length - this.pendingPrefixLength(text);
    re.lastIndex = 0;
    for (let m = re.exec(text); m && m.index < cut; m = re.exec(text)) {
      if (m.index + m[0].length > cut) {
        cut = m.index;
        break;
      }
    }
    return { out: this.mask(text.slice(0, cut)), rest: text.slice(cut) };
  }

  /**
   * A copy of `value` with every string in it masked (object keys included), walking the object
   * rather than masking its JSON text: JSON escapes (`\"`, `\n`, `\u00e9`) would hide a secret from a
   * text replacement. What the API returns, result.json and the history all go through this.
   */
  maskDeep<T>(value: T): T {
    return maskValue(value, (s) => this.mask(s)) as T;
  }

  /** A masking stream for text output; see MaskingTransform. */
  createStream(options: { maxBuffer?: number } = {}): MaskingTransform {
    return new MaskingTransform(this, options.maxBuffer);
  }
}

function maskValue(value: unknown, mask: (s: string) => string): unknown {
  if (typeof value === 'string') return mask(value);
  if (Array.isArray(value)) return value.map((v) => maskValue(v, mask));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [mask(k), maskValue(v, mask)]));
  }
  return value;
}

/**
 * Masks a text stream line by line: text is held until a line ends (`\n` or `\r`, so progress
 * bars pass) so a secret split across chunks is still caught. A line longer than `maxBuffer`
 * is emitted up to a point no secret can straddle. `flush()` pushes out what is held (a command
 * ended); `end()` does so too.
 */
export class MaskingTransform extends Transform {
  private held = '';
  private readonly decoder = new StringDecoder('utf8');
  private readonly masker: SecretMasker;
  private readonly maxBuffer: number;

  constructor(masker: SecretMasker, maxBuffer = 64 * 1024) {
    super({ decodeStrings: false, encoding: 'utf8' });
    this.masker = masker;
    this.maxBuffer = maxBuffer;
  }

  override _transform(chunk: Buffer | string, _enc: BufferEncoding, cb: TransformCallback): void {
    // The decoder keeps a multi-byte character split across Buffer chunks intact.
    const data = this.held + (typeof chunk === 'string' ? chunk : this.decoder.write(chunk));
    const cut = Math.max(data.lastIndexOf('\n'), data.lastIndexOf('\r'));
    let out = '';
    if (cut >= 0) {
      out = this.masker.mask(data.slice(0, cut + 1));
      this.held = data.slice(cut + 1);
    } else {
      this.held = data;
    }
    if (this.held.length > this.maxBuffer) {
      const { out: safe, rest } = this.masker.maskSafePrefix(this.held);
      out += safe;
      this.held = rest;
    }
    cb(null, out || undefined);
  }

  override _flush(cb: TransformCallback): void {
    const out = this.masker.mask(this.held + this.decoder.end());
    this.held = '';
    cb(null, out || undefined);
  }

  /** Emits held text now (e.g. the command finished without a trailing newline). */
  flushHeld(): void {
    if (!this.held) return;
    const out = this.masker.mask(this.held);
    this.held = '';
    this.push(out);
  }
}
