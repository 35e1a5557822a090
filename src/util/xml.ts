/**
 * A small, strict XML reader for test and coverage reports (no XML library is a dependency).
 * It builds a plain element tree: elements, attributes, text (entities decoded, CDATA kept as is),
 * and skips the prolog, processing instructions, comments and DOCTYPE (internal subset included).
 * No external entities are ever resolved, so hostile report files cannot read other files.
 * Not supported, on purpose: DTD-declared entities and namespace resolution (names keep their
 * prefix; `localName` drops it, which is all report formats need).
 */

import type { XmlElement } from './xml-element.js';

// The reader is split by concern (tree and error, entities, parser); this file stays the one import path.
export { XmlError, type XmlElement } from './xml-element.js';
export { decodeEntities } from './xml-entities.js';
export { parseXml } from './xml-reader.js';

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
