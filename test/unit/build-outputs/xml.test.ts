import { describe, expect, it } from 'vitest';
import { decodeEntities, descendantsNamed, parseXml, textContent, XmlError } from '../../../src/util/xml.js';

describe('xml reader', () => {
  it('reads elements, attributes in either quote, self-closing tags and nesting', () => {
    const root = parseXml(`<?xml version="1.0"?>\n<a x="1" y='two'><b/><c k="v">hi</c></a>`);
    expect(root.name).toBe('a');
    expect(root.attrs).toEqual({ x: '1', y: 'two' });
    expect(root.children.map((c) => c.name)).toEqual(['b', 'c']);
    expect(root.children[1]!.text).toBe('hi');
  });

  it('decodes the predefined entities and character references, leaves unknown ones', () => {
    expect(decodeEntities('&lt;&gt;&amp;&quot;&apos;&#65;&#x42;&nbsp;')).toBe(`<>&"'AB&nbsp;`);
    expect(parseXml('<a m="&lt;x&gt; &amp; y">1 &lt; 2</a>').attrs.m).toBe('<x> & y');
  });

  it('keeps CDATA verbatim and skips comments, processing instructions and DOCTYPE with an internal subset', () => {
    const root = parseXml('<!DOCTYPE r [ <!ENTITY e "x"> ]><?pi x?><r><!-- <no/> --><![CDATA[<b>&amp;</b>]]></r>');
    expect(root.children).toEqual([]);
    expect(root.text).toBe('<b>&amp;</b>');
  });

  it('strips a BOM and knows local names', () => {
    const root = parseXml('\ufeff<t:TestRun xmlns:t="urn:x"><t:Results/></t:TestRun>');
    expect(root.localName).toBe('TestRun');
    expect(descendantsNamed(root, 'Results')).toHaveLength(1);
  });

  it('collects text of nested elements', () => {
    expect(textContent(parseXml('<a>x<b>y</b>z</a>'))).toBe('xzy');
  });

  it('reports mismatched tags with line and column', () => {
    expect(() => parseXml('<a>\n  <b></c>\n</a>')).toThrowError(XmlError);
    try {
      parseXml('<a>\n  <b></c>\n</a>');
    } catch (e) {
      expect((e as XmlError).line).toBe(2);
      expect((e as XmlError).message).toMatch(/expected <\/b> but found <\/c>/);
    }
  });

  it('rejects unclosed elements, a second root and stray text', () => {
    expect(() => parseXml('<a><b></b>')).toThrowError(/unclosed element <a>/);
    expect(() => parseXml('<a/><b/>')).toThrowError(/more than one root/);
    expect(() => parseXml('oops <a/>')).toThrowError(/text outside/);
    expect(() => parseXml('')).toThrowError(/no root element/);
  });

  it('handles a large flat document in linear time', () => {
    const body = Array.from({ length: 20000 }, (_, i) => `<testcase name="t${i}" time="0.001"/>\n`).join('');
    const started = Date.now();
    const root = parseXml(`<testsuite>\n${body}</testsuite>`);
    expect(root.children).toHaveLength(20000);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
