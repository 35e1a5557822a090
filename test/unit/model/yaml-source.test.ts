import { describe, expect, it } from 'vitest';
import { isMap, type YAMLMap } from 'yaml';
import { didYouMean } from '../../../src/model/suggest.js';
import { mapEntries, parseYaml, positionOf, scalarText, nodeAt } from '../../../src/model/yaml-source.js';

const F = 'f.yml';
const TEXT = ['top:', '  list:', '    - a', '    - key: value', '  empty:', '  num: 3.10', ''].join('\n');

describe('yaml-source', () => {
  it('positionOf gives 1-based line:column of values, keys on request, nearest ancestor otherwise', () => {
    const { source, errors } = parseYaml(TEXT, F);
    expect(errors).toEqual([]);
    expect(positionOf(source, ['top', 'list', 1, 'key'])).toEqual({ file: F, line: 4, column: 12 });
    expect(positionOf(source, ['top', 'list', 1, 'key'], { key: true })).toEqual({ file: F, line: 4, column: 7 });
    expect(positionOf(source, ['top', 'list', 0])).toEqual({ file: F, line: 3, column: 7 });
    // An empty value has no position of its own: its key is used.
    expect(positionOf(source, ['top', 'empty'])).toEqual({ file: F, line: 5, column: 3 });
    // Beyond the document: the deepest existing ancestor.
    expect(positionOf(source, ['top', 'list', 7, 'x'])).toEqual({ file: F, line: 3, column: 5 });
    expect(positionOf(source, ['nope'])).toEqual({ file: F, line: 1, column: 1 });
  });

  it('a UTF-8 BOM is accepted and CRLF does not change columns', () => {
    const { source, errors } = parseYaml('\ufeff' + TEXT.replace(/\n/g, '\r\n'), F);
    expect(errors).toEqual([]);
    expect(positionOf(source, ['top', 'num'])).toEqual({ file: F, line: 6, column: 8 });
    expect(positionOf(source, ['top'], { key: true })).toEqual({ file: F, line: 1, column: 1 });
  });

  it('duplicate keys are reported at the second key with the first line, in nested maps too', () => {
    const { errors } = parseYaml('a: 1\nb:\n  x: 1\n  x: 2\na: 3\n', F);
    expect(errors.map((e) => [e.code, e.describe()])).toEqual([
      ['YAML_KEY_DUPLICATE', 'f.yml:4:3: duplicate key "x" (first defined at line 3)'],
      ['YAML_KEY_DUPLICATE', 'f.yml:5:1: duplicate key "a" (first defined at line 1)'],
    ]);
  });

  it('syntax errors carry the YAML_SYNTAX code and a position', () => {
    const { errors } = parseYaml('a: [1, 2\nb: 3\n', F);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]!.code).toBe('YAML_SYNTAX');
    expect(errors[0]!.position?.file).toBe(F);
  });

  it('YAML 1.1 reads yes/no as booleans, 1.2 as strings; scalarText keeps the source either way', () => {
    const v11 = parseYaml('a: yes\nb: 3.10\n', F, { version: '1.1' }).source;
    const v12 = parseYaml('a: yes\nb: 3.10\n', F, { version: '1.2' }).source;
    const a11 = nodeAt(v11, ['a']) as any;
    expect(a11.value).toBe(true);
    expect((nodeAt(v12, ['a']) as any).value).toBe('yes');
    expect(scalarText(a11)).toBe('yes');
    expect(scalarText(nodeAt(v11, ['b']) as any)).toBe('3.10');
  });

  it('mapEntries expands merge keys (own keys win) and follows aliases', () => {
    const { source } = parseYaml('base: &b {x: 1, y: 2}\nm:\n  <<: *b\n  y: 3\n', F, { version: '1.1' });
    const m = nodeAt(source, ['m']);
    expect(isMap(m)).toBe(true);
    const entries = mapEntries(source, m as YAMLMap);
    expect(entries.map((e) => [e.key, scalarText(e.value as any)])).toEqual([
      ['y', '3'],
      ['x', '1'],
    ]);
    expect(positionOf(source, ['m', 'x'])).toEqual({ file: F, line: 1, column: 14 });
  });
});

describe('did you mean', () => {
  it.each([
    ['Commands', ['commands', 'finally'], 'commands'],
    ['pre-build', ['install', 'pre_build', 'build'], 'pre_build'],
    ['Evn', ['Env', 'Region'], 'Env'],
    ['artifact', ['artifacts', 'cache'], 'artifacts'],
    ['zzz', ['version', 'phases'], undefined],
  ])('%s -> %s', (name, candidates, expected) => {
    expect(didYouMean(name, candidates)).toBe(expected);
  });
});
