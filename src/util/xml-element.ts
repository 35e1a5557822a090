/**
 * The element tree and the error of the small XML reader (src/util/xml-reader.ts), in their own file so the
 * reader, the entity decoder and the query helpers share them without importing each other.
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

/** A qualified name without its namespace prefix (report formats only need local names). */
export function localOf(name: string): string {
  const i = name.indexOf(':');
  return i < 0 ? name : name.slice(i + 1);
}
