/**
 * The parser of the small XML reader: one pass over the text with a cursor, building the element tree.
 * It skips the prolog, processing instructions, comments and DOCTYPE (internal subset included); errors carry
 * line and column. A class because the cursor, the open-element stack and the line counter are one state
 * that each small reading step moves forward.
 */
import { localOf, XmlError, type XmlElement } from './xml-element.js';
import { decodeEntities } from './xml-entities.js';

const NAME = /[A-Za-z_:][-A-Za-z0-9_:.\u00b7-\uffff]*/y;
const SPACE = /\s*/y;

/** Parses a whole document and returns its root element. */
export function parseXml(input: string): XmlElement {
  return new XmlReader(input.charCodeAt(0) === 0xfeff ? input.slice(1) : input).document();
}

class XmlReader {
  private pos = 0;
  private readonly stack: XmlElement[] = [];
  private root: XmlElement | undefined;
  // Line counting moves forward with the parse, so big reports stay linear.
  private lineNo = 1;
  private lineStart = 0;

  constructor(private readonly src: string) {}

  document(): XmlElement {
    const src = this.src;
    while (this.pos < src.length) {
      const lt = src.indexOf('<', this.pos);
      if (lt < 0) {
        this.addText(decodeEntities(src.slice(this.pos)));
        break;
      }
      if (lt > this.pos) this.addText(decodeEntities(src.slice(this.pos, lt)));
      this.pos = lt;
      this.markup(lt);
    }
    if (this.stack.length) this.fail(`unclosed element <${this.stack[this.stack.length - 1]!.name}>`);
    if (!this.root) this.fail('no root element');
    return this.root!;
  }

  /** One piece of markup starting at `<` (the cursor is on it). */
  private markup(lt: number): void {
    const src = this.src;
    if (src.startsWith('<!--', this.pos)) {
      this.skipTo('-->', 'comment');
    } else if (src.startsWith('<![CDATA[', this.pos)) {
      const end = src.indexOf(']]>', this.pos);
      if (end < 0) this.fail('unterminated CDATA section');
      this.addText(src.slice(this.pos + 9, end));
      this.pos = end + 3;
    } else if (src.startsWith('<?', this.pos)) {
      this.skipTo('?>', 'processing instruction');
    } else if (src.startsWith('<!DOCTYPE', this.pos)) {
      this.skipDoctype();
    } else if (src[this.pos + 1] === '/') {
      this.closingTag(lt);
    } else {
      this.openingTag(lt);
    }
  }

  /** Skips to the matching '>' past an optional [internal subset]. */
  private skipDoctype(): void {
    let depth = 0;
    let i = this.pos + 9;
    for (; i < this.src.length; i++) {
      const ch = this.src[i];
      if (ch === '[') depth++;
      else if (ch === ']') depth--;
      else if (ch === '>' && depth <= 0) break;
    }
    if (i >= this.src.length) this.fail('unterminated DOCTYPE');
    this.pos = i + 1;
  }

  private closingTag(lt: number): void {
    this.pos += 2;
    const name = this.readName();
    this.skipSpace();
    if (this.src[this.pos] !== '>') this.fail(`expected '>' to close </${name}`);
    this.pos++;
    const open = this.stack.pop();
    if (!open) this.fail(`unexpected closing tag </${name}>`, lt);
    if (open!.name !== name) this.fail(`expected </${open!.name}> but found </${name}>`, lt);
  }

  private openingTag(lt: number): void {
    this.pos++;
    const name = this.readName();
    const [line] = this.where(lt);
    const el: XmlElement = { name, localName: localOf(name), attrs: {}, children: [], text: '', line };
    const selfClosing = this.attributesInto(el);
    const parent = this.stack[this.stack.length - 1];
    if (parent) parent.children.push(el);
    else if (this.root) this.fail('more than one root element', lt);
    else this.root = el;
    if (!selfClosing) this.stack.push(el);
  }

  /** Reads attributes up to the tag's end; returns whether the tag closed itself (`/>`). */
  private attributesInto(el: XmlElement): boolean {
    const src = this.src;
    for (;;) {
      this.skipSpace();
      if (src.startsWith('/>', this.pos)) {
        this.pos += 2;
        return true;
      }
      if (src[this.pos] === '>') {
        this.pos++;
        return false;
      }
      if (this.pos >= src.length) this.fail(`unterminated tag <${el.name}`);
      const attr = this.readName();
      this.skipSpace();
      if (src[this.pos] !== '=') this.fail(`expected '=' after attribute ${attr}`);
      this.pos++;
      this.skipSpace();
      const quote = src[this.pos];
      if (quote !== '"' && quote !== "'") this.fail(`expected a quoted value for attribute ${attr}`);
      const end = src.indexOf(quote, this.pos + 1);
      if (end < 0) this.fail(`unterminated value of attribute ${attr}`);
      el.attrs[attr] = decodeEntities(src.slice(this.pos + 1, end));
      this.pos = end + 1;
    }
  }

  private where(at: number): [number, number] {
    if (at < this.lineStart) {
      this.lineNo = 1;
      this.lineStart = 0;
    }
    for (let i = this.src.indexOf('\n', this.lineStart); i >= 0 && i < at; i = this.src.indexOf('\n', i + 1)) {
      this.lineNo++;
      this.lineStart = i + 1;
    }
    return [this.lineNo, at - this.lineStart + 1];
  }

  private fail(message: string, at = this.pos): never {
    const [l, c] = this.where(at);
    throw new XmlError(message, l, c);
  }

  private skipTo(token: string, what: string): void {
    const end = this.src.indexOf(token, this.pos);
    if (end < 0) this.fail(`unterminated ${what}`);
    this.pos = end + token.length;
  }

  private readName(): string {
    NAME.lastIndex = this.pos;
    const m = NAME.exec(this.src);
    if (!m) return this.fail('expected a name');
    this.pos += m[0].length;
    return m[0];
  }

  private skipSpace(): void {
    SPACE.lastIndex = this.pos;
    this.pos += SPACE.exec(this.src)![0].length;
  }

  private addText(text: string): void {
    const top = this.stack[this.stack.length - 1];
    if (top) top.text += text;
    else if (text.trim() !== '') this.fail('text outside the root element');
  }
}
