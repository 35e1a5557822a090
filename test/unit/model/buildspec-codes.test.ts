/**
 * Each kind of buildspec problem has its own code (src/error-codes.ts), and whether it is an error or a warning
 * is the code's kind in the catalogue: lint and a later leniency change read codes, never message text.
 */
import { describe, expect, it } from 'vitest';
import { ValidationError, type ErrorCode } from '../../../src/errors.js';
import { parseBatch } from '../../../src/model/batch.js';
import { BUILDSPEC_YAML_OPTIONS, buildspecFromYaml, parseBuildspec } from '../../../src/model/buildspec.js';
import type { Buildspec } from '../../../src/model/buildspec-types.js';
import { parseYaml } from '../../../src/model/yaml-source.js';

const lines = (...l: string[]) => l.join('\n') + '\n';
const withPhase = (...l: string[]) => lines('version: 0.2', 'phases:', '  build:', ...l.map((x) => `    ${x}`));

function codes(text: string): ErrorCode[] {
  try {
    parseBuildspec(text, 'buildspec.yml');
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    return e.problems.map((p) => p.code);
  }
  return [];
}

/** The warnings of a buildspec, which lint receives even when the buildspec also has errors. */
function warningCodes(text: string): ErrorCode[] {
  const sink = { warnings: [] as Buildspec['warnings'] };
  try {
    buildspecFromYaml(parseYaml(text, 'buildspec.yml', BUILDSPEC_YAML_OPTIONS), sink);
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
  }
  return sink.warnings.map((w) => w.code);
}

describe('buildspec problem codes', () => {
  const cases: [string, string, ErrorCode][] = [
    ['an empty file', '', 'BUILDSPEC_EMPTY'],
    ['a list at the root', '- a\n', 'BUILDSPEC_ROOT_NOT_MAP'],
    ['no version', lines('phases:', '  build:', '    commands: [a]'), 'BUILDSPEC_VERSION_MISSING'],
    ['version 0.3', lines('version: 0.3', 'phases:', '  build:', '    commands: [a]'), 'BUILDSPEC_VERSION_UNSUPPORTED'],
    ['no phases', lines('version: 0.2'), 'BUILDSPEC_PHASES_MISSING'],
    ['a non-string key', lines('version: 0.2', 'phases: {}', 'env:', '  [a]: b'), 'BUILDSPEC_KEY_NOT_STRING'],
    ['env as a list', lines('version: 0.2', 'env: [a]', 'phases: {}'), 'BUILDSPEC_VALUE_NOT_MAP'],
    ['run-as as a map', lines('version: 0.2', 'run-as: {a: b}', 'phases: {}'), 'BUILDSPEC_VALUE_NOT_STRING'],
    [
      'git-credential-helper maybe',
      lines('version: 0.2', 'env:', '  git-credential-helper: maybe', 'phases: {}'),
      'BUILDSPEC_VALUE_NOT_BOOLEAN',
    ],
    ['commands as a map', withPhase('commands:', '  a: b'), 'BUILDSPEC_VALUE_NOT_LIST'],
    ['an unquoted colon', withPhase('commands:', '  - echo a: b'), 'BUILDSPEC_ITEM_SUBKEYS'],
    ['a nested list', withPhase('commands:', '  - [a]'), 'BUILDSPEC_ITEM_LIST'],
    ['zsh', lines('version: 0.2', 'env:', '  shell: zsh', 'phases: {}'), 'BUILDSPEC_SHELL_INVALID'],
    ['on-failure LATER', withPhase('on-failure: LATER', 'commands: [a]'), 'BUILDSPEC_ON_FAILURE_INVALID'],
    [
      'runtime-versions in build',
      withPhase('runtime-versions: {nodejs: 20}', 'commands: [a]'),
      'BUILDSPEC_RUNTIME_VERSIONS_MISPLACED',
    ],
    [
      'a hyphenated artifact identifier',
      lines(
        'version: 0.2',
        'phases: {}',
        'artifacts:',
        '  files: [a]',
        '  secondary-artifacts:',
        '    my-art: {files: [a]}',
      ),
      'BUILDSPEC_ARTIFACT_IDENTIFIER_INVALID',
    ],
    [
      'a secondary artifact without files',
      lines('version: 0.2', 'phases: {}', 'artifacts:', '  files: [a]', '  secondary-artifacts:', '    art: {name: x}'),
      'BUILDSPEC_SECONDARY_FILES_MISSING',
    ],
    [
      'a report without files',
      lines('version: 0.2', 'phases: {}', 'reports:', '  r: {base-directory: x}'),
      'BUILDSPEC_REPORT_FILES_MISSING',
    ],
    [
      'a report format HTML',
      lines('version: 0.2', 'phases: {}', 'reports:', '  r: {files: [a], file-format: HTML}'),
      'BUILDSPEC_REPORT_FORMAT_INVALID',
    ],
    [
      'six report groups',
      lines('version: 0.2', 'phases: {}', 'reports:', ...[1, 2, 3, 4, 5, 6].map((i) => `  r${i}: {files: [a]}`)),
      'BUILDSPEC_REPORT_GROUPS_TOO_MANY',
    ],
    [
      'six fallback keys',
      lines('version: 0.2', 'phases: {}', 'cache:', '  key: k', '  fallback-keys: [a, b, c, d, e, f]'),
      'BUILDSPEC_CACHE_FALLBACK_KEYS_TOO_MANY',
    ],
    [
      'cache action keep',
      lines('version: 0.2', 'phases: {}', 'cache:', '  key: k', '  action: keep'),
      'BUILDSPEC_CACHE_ACTION_INVALID',
    ],
    ['a tab', 'version: 0.2\nphases:\n\tbuild: {}\n', 'YAML_SYNTAX'],
  ];
  for (const [what, text, code] of cases) {
    it(`${what}: ${code}`, () => {
      expect(codes(text)).toEqual([code]);
    });
  }

  const warnings: [string, string, ErrorCode][] = [
    ['version 0.1', lines('version: 0.1', 'phases:', '  build:', '    commands: [a]'), 'BUILDSPEC_VERSION_LEGACY'],
    [
      'a CODEBUILD_ variable',
      lines('version: 0.2', 'env:', '  variables:', '    CODEBUILD_X: a', 'phases: {}'),
      'BUILDSPEC_VARIABLE_RESERVED',
    ],
    [
      'an exported AWS_ variable',
      lines('version: 0.2', 'env:', '  exported-variables: [AWS_REGION]', 'phases: {}'),
      'BUILDSPEC_EXPORT_AWS_PREFIX',
    ],
    ['a phase without commands', withPhase('run-as: root'), 'BUILDSPEC_PHASE_COMMANDS_MISSING'],
    [
      'artifacts without files',
      lines('version: 0.2', 'phases: {}', 'artifacts:', '  name: x'),
      'BUILDSPEC_ARTIFACTS_FILES_MISSING',
    ],
    [
      'fallback keys without a key',
      lines('version: 0.2', 'phases: {}', 'cache:', '  paths: [a]', '  fallback-keys: [a]'),
      'BUILDSPEC_CACHE_FALLBACK_KEYS_IGNORED',
    ],
    ['an unknown key', lines('version: 0.2', 'phase: {}', 'phases: {}'), 'BUILDSPEC_KEY_UNKNOWN'],
    ['commands as a string', withPhase('commands: npm test'), 'BUILDSPEC_VALUE_SCALAR_LIST'],
    ['an empty command', withPhase('commands:', '  -'), 'BUILDSPEC_ITEM_EMPTY'],
    [
      'cache without paths or key',
      lines('version: 0.2', 'phases: {}', 'cache:', '  action: save'),
      'BUILDSPEC_CACHE_PATHS_MISSING',
    ],
  ];
  for (const [what, text, code] of warnings) {
    it(`${what}: warning ${code}`, () => {
      expect(codes(text)).toEqual([]);
      expect(warningCodes(text)).toEqual([code]);
    });
  }
});

describe('batch problem codes', () => {
  const batch = (...l: string[]) =>
    lines('version: 0.2', 'batch:', ...l.map((x) => `  ${x}`), 'phases:', '  build:', '    commands: [a]');
  function batchCodes(text: string): ErrorCode[] {
    try {
      parseBatch(text, 'buildspec.yml');
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      return e.problems.map((p) => p.code);
    }
    return [];
  }
  const cases: [string, string, ErrorCode[]][] = [
    ['no kind', batch('fast-fail: true'), ['BATCH_KIND_MISSING']],
    ['two kinds', batch('build-list: [{identifier: a}]', 'build-fanout: {parallelism: 2}'), ['BATCH_KIND_MULTIPLE']],
    ['an empty list', batch('build-list: []'), ['BATCH_TASKS_NOT_LIST']],
    ['no identifier', batch('build-list:', '  - buildspec: b.yml'), ['BATCH_IDENTIFIER_MISSING']],
    ['a bad identifier', batch('build-list:', '  - identifier: a-b'), ['BATCH_IDENTIFIER_INVALID']],
    [
      'a duplicate identifier',
      batch('build-list:', '  - identifier: a', '  - identifier: a'),
      ['BATCH_IDENTIFIER_DUPLICATE'],
    ],
    [
      'depend-on in a list',
      batch('build-list:', '  - identifier: a', '    depend-on: [b]'),
      ['BATCH_DEPEND_ON_MISPLACED'],
    ],
    [
      'an unknown dependency',
      batch('build-graph:', '  - identifier: a', '    depend-on: [b]'),
      ['BATCH_DEPENDENCY_UNKNOWN'],
    ],
    [
      'a cycle',
      batch('build-graph:', '  - identifier: a', '    depend-on: [b]', '  - identifier: b', '    depend-on: [a]'),
      ['BATCH_DEPENDENCY_CYCLE'],
    ],
    [
      'fleet and compute-type',
      batch('build-list:', '  - identifier: a', '    env: {fleet: f, compute-type: BUILD_GENERAL1_SMALL}'),
      ['BATCH_FLEET_AND_COMPUTE_TYPE'],
    ],
    [
      'a matrix without dynamic',
      batch('build-matrix:', '  static: {ignore-failure: true}'),
      ['BATCH_MATRIX_DYNAMIC_MISSING'],
    ],
    ['an empty dynamic', batch('build-matrix:', '  dynamic: {env: {}}'), ['BATCH_MATRIX_DYNAMIC_EMPTY']],
    ['an empty dimension', batch('build-matrix:', '  dynamic: {buildspec: []}'), ['BATCH_MATRIX_DIMENSION_EMPTY']],
    ['a fanout without parallelism', batch('build-fanout: {ignore-failure: true}'), ['BATCH_PARALLELISM_MISSING']],
    ['a fanout of 0', batch('build-fanout: {parallelism: 0}'), ['BATCH_PARALLELISM_INVALID']],
  ];
  for (const [what, text, expected] of cases) {
    it(`${what}: ${expected.join(', ')}`, () => {
      expect(batchCodes(text)).toEqual(expected);
    });
  }

  it('ignored fleets and debug sessions are warnings with their own codes', () => {
    const spec = parseBatch(
      batch('build-list:', '  - identifier: a', '    debug-session: true', '    env: {fleet: f}'),
      'buildspec.yml',
    );
    expect(spec?.warnings.map((w) => w.code).sort()).toEqual(['BATCH_DEBUG_SESSION_IGNORED', 'BATCH_FLEET_IGNORED']);
  });
});
