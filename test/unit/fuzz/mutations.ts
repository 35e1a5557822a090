/**
 * Mutations for the hostile-input suite: small edits that keep a file "almost right" (where
 * validators are most likely to meet shapes they did not expect) and the known exhaustion shapes.
 */

export interface Mutation {
  /** Which edit (taken modulo the number of edits). */
  kind: number;
  /** Where, as a fraction of the text length. */
  at: number;
  /** A free choice inside the edit (which token, how many). */
  pick: number;
}

const TOKENS = [
  ':',
  '- ',
  '[',
  ']',
  '{',
  '}',
  '&a ',
  '*a',
  '<<: *a',
  '!Ref ',
  '!Sub ',
  '"',
  "'",
  '|',
  '>',
  '#',
  '\n',
  '  ',
  '\t',
  'null',
  '~',
  '.nan',
  '.inf',
  '-1',
  '0x1F',
  '1e400',
  'yes',
  'no',
  '[]',
  '{}',
  '{"a": 1}',
  '- -',
  '? ',
  '%YAML 1.1\n',
  '\u0000',
  '\ufeff',
  '\u2028',
  'version: 0.2',
  'phases:',
  'Fn::If',
  'Fn::Transform',
  '${AWS::Region}',
  '$(echo)',
];

function insertAt(text: string, at: number, piece: string): string {
  const i = Math.floor(at * text.length);
  return text.slice(0, i) + piece + text.slice(i);
}

function lineRange(text: string, at: number): [number, number] {
  const i = Math.floor(at * text.length);
  const start = text.lastIndexOf('\n', i - 1) + 1;
  const end = text.indexOf('\n', i);
  return [start, end < 0 ? text.length : end + 1];
}

const EDITS: ((text: string, m: Mutation) => string)[] = [
  (t, m) => insertAt(t, m.at, TOKENS[m.pick % TOKENS.length]!),
  (t, m) => {
    const i = Math.floor(m.at * t.length);
    return t.slice(0, i) + t.slice(i + 1 + (m.pick % 20));
  },
  (t, m) => {
    const [s, e] = lineRange(t, m.at);
    return t.slice(0, e) + t.slice(s, e).repeat(1 + (m.pick % 3)) + t.slice(e);
  },
  (t, m) => {
    const [s, e] = lineRange(t, m.at);
    return t.slice(0, s) + t.slice(e);
  },
  (t, m) => {
    const [s, e] = lineRange(t, m.at);
    return t.slice(0, s) + ' '.repeat(1 + (m.pick % 6)) + t.slice(s, e) + t.slice(e);
  },
  (t, m) => {
    // A value replaced by a differently typed one.
    const [s, e] = lineRange(t, m.at);
    const line = t.slice(s, e);
    const colon = line.indexOf(': ');
    if (colon < 0) return t;
    const value = ['{}', '[]', '~', '.nan', '[1, [2]]', '{a: {b: c}}', '"x"', '12'][m.pick % 8]!;
    return t.slice(0, s) + line.slice(0, colon + 2) + value + '\n' + t.slice(e);
  },
  (t, m) => insertAt(t, m.at, `&a ${'['.repeat(1 + (m.pick % 30))}x${']'.repeat(1 + (m.pick % 30))}`),
  (t, m) => `${t}\nx${m.pick}: &b [*a, *a, *a]\n`,
  (t, m) => t.replace(/: /g, (x, i: number) => (i % (2 + (m.pick % 5)) === 0 ? ':' : x)),
  (t, m) => t.slice(0, Math.floor(m.at * t.length)),
];

export function mutate(text: string, steps: Mutation[]): string {
  return steps.reduce((t, m) => EDITS[m.kind % EDITS.length]!(t, m), text);
}

/** The shapes that took codelocal minutes or crashed it before docs/limits.md's limits. */
export function hostileShapes(): Record<string, string> {
  const laughs = ['version: 0.2', 'phases:', '  build:', `    commands: &c0 [${Array(10).fill('"echo"').join(',')}]`];
  for (let i = 1; i < 8; i++)
    laughs.push(
      `  p${i}:`,
      `    commands: &c${i} [${Array(10)
        .fill(`*c${i - 1}`)
        .join(',')}]`,
    );
  const merges = ['version: 0.2', 'phases:', '  install: &m0 {commands: [echo]}'];
  for (let i = 1; i < 30; i++) merges.push(`  p${i}: &m${i} {<<: [*m${i - 1}, *m${i - 1}], c${i}: x}`);
  merges.push('  build:', '    <<: *m29');
  return {
    'billion laughs': laughs.join('\n') + '\n',
    'merge-key chain': merges.join('\n') + '\n',
    'self-referencing alias': 'loop: &r [*r]\n',
    'undefined alias': 'version: 0.2\nphases:\n  build:\n    commands: [*nope]\n',
    'deep flow nesting': '{"pipeline":' + '[{"a":'.repeat(350) + '1' + '}]'.repeat(350) + '}',
    'very deep nesting': 'x: ' + '['.repeat(100_000) + ']'.repeat(100_000) + '\n',
    'huge scalar': 'version: 0.2\nphases:\n  build:\n    commands:\n      - echo ' + 'a'.repeat(3_000_000) + '\n',
    'merge of a scalar':
      'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  P:\n    <<: 12\n    Type: AWS::CodeBuild::Project\n',
    'nan version': 'version: .nan\nphases:\n  build:\n    commands: [echo]\n',
    'action without a name':
      '{"pipeline": {"name": "p", "roleArn": "arn:aws:iam::123456789012:role/r", "artifactStore": {"type": "S3", "location": "b"}, "stages": [{"name": "S", "actions": [{"actionTypeId": {"category": "Source", "owner": "AWS", "provider": "S3", "version": "1"}, "configuration": {"S3Bucket": "b", "S3ObjectKey": "k"}, "outputArtifacts": [{"name": "o"}]}]}, {"name": "T", "actions": [{"actionTypeId": {"category": "Build", "owner": "AWS", "provider": "CodeBuild", "version": "1"}, "inputArtifacts": [{"name": "o"}], "configuration": {"ProjectName": "x"}}]}]}}',
    'object as artifact':
      '{"pipeline": {"name": "p", "roleArn": "arn:aws:iam::123456789012:role/r", "artifactStore": {"type": "S3", "location": "b"}, "stages": [{"name": "S", "actions": [{"name": "A", "actionTypeId": {"category": "Source", "owner": "AWS", "provider": "S3", "version": "1"}, "outputArtifacts": [{"name": {"x": 1}}]}]}]}}',
  };
}
