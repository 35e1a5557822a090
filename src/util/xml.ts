/**
 * A small, strict XML reader for test and coverage reports (no XML library is a dependency).
 * It builds a plain element tree: elements, attributes, text (entities decoded, CDATA kept as is),
 * and skips the prolog, processing instructions, comments and DOCTYPE (internal subset included).
 * No external entities are ever resolved, so hostile report files cannot read other files.
 * Not supported, on purpose: DTD-declared entities and namespace resolution (names keep their
 * prefix; `localName` drops it, which is all report formats need).
 */

export interface XmlElement {
  /** Qualified name as written (`ns:tag`). */
  name: string;
  /** Name without its namespace prefix. */
  localName: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  /** Direct text content (text and CDATA between this element's own tags). */
  text: string;
  line: number;
}

export class XmlError extends Error {
  readonly line: number;
  readonly column: number;
  constructor(message: string, line: number, column: number) {
    super(`${message} at line ${line}, column ${column}`);
    this.line = line;
    this.column = column;
  }
}

const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Decodes the five predefined entities and character references; unknown entities stay literal. */
export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z][A-Za-z0-9]*);/g, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED[ref] ?? whole;
  });
}

function localOf(name: string): string {
  const i = name.indexOf(':');
  return i < 0 ? name : name.slice(i + 1);
}

const NAME = /[A-Za-z_:][-A-Za-z0-9_:.\u00b7-\uffff]*/y;
const SPACE = /\s*/y;

/** Parses a whole document and returns its root element. */
export function parseXml(input: string): XmlElement {
  const src = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  let pos = 0;
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;

  // Line counting moves forward with the parse, so big reports stay linear.
  let lineNo = 1;
  let lineStart = 0;
  const where = (at: number): [number, number] => {
    if (at < lineStart) {
      lineNo = 1;
      lineStart = 0;
    }
    for (let i = src.indexOf('\n', lineStart); i >= 0 && i < at; i = src.indexOf('\n', i + 1)) {
      lineNo++;
      lineStart = i + 1;
    }
    return [lineNo, at - lineStart + 1];
  };
  const fail = (message: string, at = pos): never => {
    const [l, c] = where(at);
    throw new XmlError(message, l, c);
  };
  const skipTo = (token: string, what: string): void => {
    const end = src.indexOf(token, pos);
    if (end < 0) fail(`unterminated ${what}`);
    pos = end + token.length;
  };
  const readName = (): string => {
    NAME.lastIndex = pos;
    const m = NAME.exec(src);
    if (!m) return fail('expected a name');
    pos += m[0].length;
    return m[0];
  };
  const skipSpace = (): void => {
    SPACE.lastIndex = pos;
    pos += SPACE.exec(src)![0].length;
  };
  const addText = (text: string): void => {
    const top = stack[stack.length - 1];
    if (top) top.text += text;
    else if (text.trim() !== '') fail('text outside the root element');
  };

  while (pos < src.length) {
    const lt = src.indexOf('<', pos);
    if (lt < 0) {
      addText(decodeEntities(src.slice(pos)));
      break;
    }
    if (lt > pos) addText(decodeEntities(src.slice(pos, lt)));
    pos = lt;
    if (src.startsWith('<!--', pos)) {
      skipTo('-->', 'comment');
    } else if (src.startsWith('<![CDATA[', pos)) {
      const end = src.indexOf(']]>', pos);
      if (end < 0) fail('unterminated CDATA section');
      addText(src.slice(pos + 9, end));
      pos = end + 3;
    } else if (src.startsWith('<?', pos)) {
      skipTo('?>', 'processing instruction');
    } else if (src.startsWith('<!DOCTYPE', pos)) {
      // Skip to the matching '>' past an optional [internal subset].
      let depth = 0;
      let i = pos + 9;
      for (; i < src.length; i++) {
        const ch = src[i];
        if (ch === '[') depth++;
        else if (ch === ']') depth--;
        else if (ch === '>' && depth <= 0) break;
      }
      if (i >= src.length) fail('unterminated DOCTYPE');
      pos = i + 1;
    } else if (src[pos + 1] === '/') {
      pos += 2;
      const name = readName();
      skipSpace();
      if (src[pos] !== '>') fail(`expected '>' to close </${name}`);
      pos++;
      const open = stack.pop();
      if (!open) fail(`unexpected closing tag </${name}>`, lt);
      if (open!.name !== name) fail(`expected </${open!.name}> but found </${name}>`, lt);
    } else {
      pos++;
      const name = readName();
      const [line] = where(lt);
      const el: XmlElement = { name, localName: localOf(name), attrs: {}, children: [], text: '', line };
      let selfClosing = false;
      for (;;) {
        skipSpace();
        if (src.startsWith('/>', pos)) {
          pos += 2;
          selfClosing = true;
          break;
        }
        if (src[pos] === '>') {
          pos++;
          break;
        }
        if (pos >= src.length) fail(`unterminated tag <${name}`);
        const attr = readName();
        skipSpace();
        if (src[pos] !== '=') fail(`expected '=' after attribute ${attr}`);
        pos++;
        skipSpace();
        const quote = src[pos];
        if (quote !== '"' && quote !== "'") fail(`expected a quoted value for attribute ${attr}`);
        const end = src.indexOf(quote, pos + 1);
        if (end < 0) fail(`unterminated value of attribute ${attr}`);
        el.attrs[attr] = decodeEntities(src.slice(pos + 1, end));
        pos = end + 1;
      }
      const parent = stack[stack.length - 1];
      if (parent) parent.children.push(el);
      else if (root) fail('more than one root element', lt);
      else root = el;
      if (!selfClosing) stack.push(el);
    }
  }
  if (stack.length) fail(`unclosed element <${stack[stack.length - 1]!.name}>`);
  if (!root) fail('no root element');
  return root!;
}

/** Direct children with this local name. */
export function childrenNamed(el: XmlElement, localName: string): XmlElement[] {
  return el.children.filter((c) => c.localName === localName);
}

export function firstChild(el: XmlElement, localName: string): XmlElement | undefined {
  return el.children.find((c) => c.localName === localName);
}

/** Every descendant (depth first, document order) with this local name. */
export function descendantsNamed(el: XmlElement, localName: string): XmlElement[] {
  const out: XmlElement[] = [];
  const walk = (e: XmlElement) => {
    for (const c of e.children) {
      if (c.localName === localName) out.push(c);
      walk(c);
    }
  };
  walk(el);
  return out;
}

/** All text inside an element, its descendants' included. */
export function textContent(el: XmlElement): string {
  return el.text + el.children.map(textContent).join('');
}
