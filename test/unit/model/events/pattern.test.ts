/*
 * EventBridge pattern matching and validation, case by case after the documented examples
 * (docs/aws/eventbridge.md §2.1–§2.4).
 */
import { describe, expect, it } from 'vitest';
import { matchesEventPattern, validateEventPattern } from '../../../../src/model/index.js';

/** The EC2 instance-state event the EventBridge guide uses throughout its pattern examples. */
const EC2_EVENT = {
  version: '0',
  id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
  'detail-type': 'EC2 Instance State-change Notification',
  source: 'aws.ec2',
  account: '111122223333',
  time: '2017-12-22T18:43:48Z',
  region: 'us-west-1',
  resources: ['arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0'],
  detail: { 'instance-id': 'i-1234567890abcdef0', state: 'terminated', 'c-count': { c1: 100 } },
};

const match = (pattern: object, event: unknown = EC2_EVENT) => matchesEventPattern(pattern as any, event);

describe('pattern structure (docs/aws/eventbridge.md §2.1)', () => {
  it('matches exact values, ANDs fields and ORs the values of one field', () => {
    expect(match({ source: ['aws.ec2'] })).toBe(true);
    expect(match({ source: ['aws.ec2'], 'detail-type': ['EC2 Instance State-change Notification'] })).toBe(true);
    expect(match({ source: ['aws.ec2'], 'detail-type': ['other'] })).toBe(false);
    expect(match({ source: ['aws.fargate', 'aws.ec2'] })).toBe(true);
  });
  it('descends into nested objects and ignores fields the pattern does not name', () => {
    expect(match({ detail: { state: ['terminated'] } })).toBe(true);
    expect(match({ detail: { state: ['running'] } })).toBe(false);
  });
  it('compares strings exactly, case included', () => {
    expect(match({ detail: { state: ['Terminated'] } })).toBe(false);
  });
  it('needs every field the pattern names', () => {
    expect(match({ detail: { missing: ['x'] } })).toBe(false);
  });
  it('tells null from the empty string (§2.2)', () => {
    const e = { detail: { a: null, b: '' } };
    expect(match({ detail: { a: [null] } }, e)).toBe(true);
    expect(match({ detail: { a: [''] } }, e)).toBe(false);
    expect(match({ detail: { b: [''] } }, e)).toBe(true);
    expect(match({ detail: { b: [null] } }, e)).toBe(false);
  });
  it('does not take the string "true" for the literal true', () => {
    expect(match({ a: [true] }, { a: 'true' })).toBe(false);
    expect(match({ a: [true] }, { a: true })).toBe(true);
  });
});

describe('operators (docs/aws/eventbridge.md §2.2)', () => {
  it('prefix and suffix, also ignoring case', () => {
    expect(match({ time: [{ prefix: '2017-12-22' }] })).toBe(true);
    expect(match({ time: [{ prefix: '2018' }] })).toBe(false);
    expect(match({ k: [{ suffix: '.png' }] }, { k: 'a/b.png' })).toBe(true);
    expect(match({ k: [{ suffix: '.png' }] }, { k: 'a/b.PNG' })).toBe(false);
    expect(match({ k: [{ suffix: { 'equals-ignore-case': '.png' } }] }, { k: 'a/b.PNG' })).toBe(true);
    expect(match({ k: [{ prefix: { 'equals-ignore-case': 'eventb' } }] }, { k: 'EventBridge' })).toBe(true);
  });
  it('prefix applies to strings only', () => {
    expect(match({ n: [{ prefix: '1' }] }, { n: 12 })).toBe(false);
  });
  it('equals-ignore-case', () => {
    expect(match({ name: [{ 'equals-ignore-case': 'alice' }] }, { name: 'ALICE' })).toBe(true);
    expect(match({ name: [{ 'equals-ignore-case': 'alice' }] }, { name: 'bob' })).toBe(false);
  });
  it('wildcard, with escapes', () => {
    expect(match({ s: [{ wildcard: 'Simple*Service' }] }, { s: 'SimpleQueueService' })).toBe(true);
    expect(match({ s: [{ wildcard: 'Simple*Service' }] }, { s: 'SimpleService' })).toBe(true);
    expect(match({ s: [{ wildcard: 'Simple*Service' }] }, { s: 'ComplexService' })).toBe(false);
    expect(match({ s: [{ wildcard: 'a\\*b' }] }, { s: 'a*b' })).toBe(true);
    expect(match({ s: [{ wildcard: 'a\\*b' }] }, { s: 'axb' })).toBe(false);
    expect(match({ s: [{ wildcard: 'dir/*.png' }] }, { s: 'dir/x.y.png' })).toBe(true);
  });
  it('anything-but: a value, a list, a number', () => {
    expect(match({ detail: { state: [{ 'anything-but': 'initializing' }] } })).toBe(true);
    expect(match({ detail: { state: [{ 'anything-but': 'terminated' }] } })).toBe(false);
    expect(match({ detail: { state: [{ 'anything-but': ['stopped', 'terminated'] }] } })).toBe(false);
    expect(match({ detail: { state: [{ 'anything-but': ['stopped', 'overloaded'] }] } })).toBe(true);
    expect(match({ x: [{ 'anything-but': 123 }] }, { x: 123 })).toBe(false);
    expect(match({ x: [{ 'anything-but': 123 }] }, { x: 124 })).toBe(true);
  });
  it('anything-but prefix, suffix, equals-ignore-case and wildcard', () => {
    expect(match({ s: [{ 'anything-but': { prefix: 'init' } }] }, { s: 'initializing' })).toBe(false);
    expect(match({ s: [{ 'anything-but': { prefix: 'init' } }] }, { s: 'running' })).toBe(true);
    expect(match({ s: [{ 'anything-but': { suffix: '.png' } }] }, { s: 'a.png' })).toBe(false);
    expect(match({ s: [{ 'anything-but': { 'equals-ignore-case': ['A', 'b'] } }] }, { s: 'B' })).toBe(false);
    expect(match({ s: [{ 'anything-but': { wildcard: '*/lib/*' } }] }, { s: 'x/lib/y' })).toBe(false);
    expect(match({ s: [{ 'anything-but': { wildcard: '*/lib/*' } }] }, { s: 'x/bin/y' })).toBe(true);
  });
  it('anything-but does not match a missing field (UNCERTAIN, §2.2)', () => {
    expect(match({ detail: { nope: [{ 'anything-but': 'x' }] } })).toBe(false);
  });
  it('numeric comparisons and ranges', () => {
    const e = { detail: { c: 5, f: 3.018e2, s: '5' } };
    expect(match({ detail: { c: [{ numeric: ['>', 0, '<=', 5] }] } }, e)).toBe(true);
    expect(match({ detail: { c: [{ numeric: ['>', 0, '<', 5] }] } }, e)).toBe(false);
    expect(match({ detail: { f: [{ numeric: ['=', 301.8] }] } }, e)).toBe(true);
    expect(match({ detail: { c: [{ numeric: ['>=', 5] }] } }, e)).toBe(true);
    expect(match({ detail: { s: [{ numeric: ['=', 5] }] } }, e)).toBe(false);
  });
  it('exists true/false, on leaves only', () => {
    expect(match({ detail: { state: [{ exists: true }] } })).toBe(true);
    expect(match({ detail: { state: [{ exists: false }] } })).toBe(false);
    expect(match({ detail: { nope: [{ exists: false }] } })).toBe(true);
    expect(match({ detail: { nope: [{ exists: true }] } })).toBe(false);
    // The guide's own caution: c-count holds an object, so it is no leaf and exists:false matches.
    expect(match({ detail: { 'c-count': [{ exists: false }] } })).toBe(true);
    expect(match({ detail: { 'c-count': [{ exists: true }] } })).toBe(false);
  });
  it('a missing parent object leaves exists:false true', () => {
    expect(match({ nothing: { here: [{ exists: false }] } })).toBe(true);
  });
  it('cidr for IPv4 and IPv6', () => {
    expect(match({ ip: [{ cidr: '10.0.0.0/24' }] }, { ip: '10.0.0.255' })).toBe(true);
    expect(match({ ip: [{ cidr: '10.0.0.0/24' }] }, { ip: '10.0.1.1' })).toBe(false);
    expect(match({ ip: [{ cidr: '2001:db8::/32' }] }, { ip: '2001:db8:1::1' })).toBe(true);
    expect(match({ ip: [{ cidr: '2001:db8::/32' }] }, { ip: '2001:db9::1' })).toBe(false);
  });
  it('$or of whole sub-patterns, at any level', () => {
    const p = { detail: { $or: [{ state: ['running'] }, { 'c-count': { c1: [{ numeric: ['>', 10] }] } }] } };
    expect(match(p)).toBe(true);
    const q = { $or: [{ source: ['aws.s3'] }, { detail: { state: ['stopped'] } }] };
    expect(match(q)).toBe(false);
  });
  it('$or with fewer than two objects is an ordinary field name', () => {
    expect(match({ $or: [{ prefix: 'x' }] }, { $or: 'xy' })).toBe(true);
  });
  it('mixes operators and values in one leaf (OR)', () => {
    expect(match({ s: ['a', { prefix: 'term' }] }, { s: 'terminated' })).toBe(true);
  });
});

describe('arrays (docs/aws/eventbridge.md §2.3)', () => {
  it('an event array matches when any element does', () => {
    expect(match({ resources: ['arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0'] })).toBe(true);
    expect(match({ resources: ['arn:other'] })).toBe(false);
    expect(match({ tags: [{ prefix: 'b' }] }, { tags: ['a', 'bc'] })).toBe(true);
  });
  it('arrays of objects: one element must satisfy the whole sub-pattern', () => {
    const e = {
      employees: [
        { firstName: 'John', lastName: 'Doe' },
        { firstName: 'Anna', lastName: 'Smith' },
      ],
    };
    expect(match({ employees: { firstName: ['Anna'] } }, e)).toBe(true);
    expect(match({ employees: { firstName: ['Anna'], lastName: ['Smith'] } }, e)).toBe(true);
    expect(match({ employees: { firstName: ['Anna'], lastName: ['Doe'] } }, e)).toBe(false);
  });
  it('an empty event array has no values', () => {
    expect(match({ a: [{ exists: false }] }, { a: [] })).toBe(true);
    expect(match({ a: [{ exists: true }] }, { a: [] })).toBe(false);
  });
});

describe('validation in AWS words (docs/aws/eventbridge.md §2.4)', () => {
  const first = (p: unknown) => validateEventPattern(p)[0];
  it('accepts every documented form', () => {
    const ok = {
      source: ['aws.ec2'],
      detail: {
        a: [{ prefix: 'x' }, { suffix: { 'equals-ignore-case': 'Y' } }, 'z', 3, null, true],
        b: [{ 'anything-but': ['a', 'b'] }, { 'anything-but': { prefix: 'p' } }, { 'anything-but': 5 }],
        c: [{ numeric: ['>', 0, '<=', 5] }, { numeric: ['=', 3] }, { exists: false }, { cidr: '10.0.0.0/8' }],
        d: [{ wildcard: 'a*b\\*c' }, { 'equals-ignore-case': 'q' }],
        $or: [{ e: ['1'] }, { f: ['2'] }],
      },
    };
    expect(validateEventPattern(ok)).toEqual([]);
  });
  it('refuses a bare scalar leaf as AWS words it', () => {
    expect(first({ source: 'aws.ec2' })).toBe('"source" must be an object or an array');
  });
  it('refuses empty objects and arrays', () => {
    expect(first({ source: ['aws.health'], detail: {} })).toBe('Empty objects are not allowed');
    expect(first({ source: [] })).toBe('Empty arrays are not allowed');
  });
  it('refuses unknown operators and several keys in one match expression', () => {
    expect(first({ a: [{ contains: 'x' }] })).toBe('Unrecognized match type contains');
    expect(first({ a: [{ prefix: 'x', suffix: 'y' }] })).toBe('Only one key allowed in match expression');
    expect(first({ a: [['x']] })).toBe('Match value must be String, number, true, false, or null');
  });
  it('checks operator arguments', () => {
    expect(first({ a: [{ suffix: ['x'] }] })).toBe('suffix match pattern must be a string');
    expect(first({ a: [{ exists: 'yes' }] })).toBe('exists match pattern must be either true or false.');
    expect(first({ a: [{ numeric: 5 }] })).toBe('Value of numeric must be an array.');
    expect(first({ a: [{ numeric: ['!=', 5] }] })).toBe('Unrecognized numeric range operator: !=');
    expect(first({ a: [{ numeric: ['>', 5, '<', 1] }] })).toBe('Bottom must be less than top');
    expect(first({ a: [{ numeric: ['<', 5, '>', 1] }] })).toBe('Too many elements in numeric expression');
    expect(first({ a: [{ 'anything-but': { contains: 'x' } }] })).toBe('Unsupported anything-but pattern: contains');
    expect(first({ a: [{ 'anything-but': ['a', 1] }] })).toMatch(/anything but list/);
    expect(first({ a: [{ wildcard: 'a**b' }] })).toMatch(/Consecutive wildcard/);
    expect(first({ a: [{ wildcard: 'a\\b' }] })).toMatch(/Invalid escape/);
    expect(first({ a: [{ cidr: '10.0.0.0' }] })).toMatch(/Malformed CIDR/);
  });
  it('refuses a pattern that is not an object', () => {
    expect(validateEventPattern(['x'])).toHaveLength(1);
  });
  it('limits $or to 1000 combinations', () => {
    const branches = (n: number, k: string) => Array.from({ length: n }, (_, i) => ({ [`${k}${i}`]: ['v'] }));
    const ok = { $or: branches(10, 'a'), x: { $or: branches(100, 'b') } };
    expect(validateEventPattern(ok)).toEqual([]);
    const tooMany = { $or: branches(11, 'a'), x: { $or: branches(100, 'b') } };
    expect(first(tooMany)).toMatch(/more than 1000/);
  });
});
