import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError, ValidationError } from '../../../src/errors.js';
import { loadBuildspec, parseBuildspec } from '../../../src/model/buildspec.js';
import { parseOnFailure } from '../../../src/model/buildspec-phases.js';

const F = 'buildspec.yml';

/** The warnings of a valid buildspec, as `file:line:col: message` strings. */
function warnings(text: string): string[] {
  return parseBuildspec(text, F).warnings.map((w) => `${w.pos.file}:${w.pos.line}:${w.pos.column}: ${w.message}`);
}

/** The problems of an invalid buildspec, as `file:line:col: message` strings. */
function problems(text: string): string[] {
  try {
    parseBuildspec(text, F);
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    const v = e as ValidationError;
    for (const p of v.problems) expect(p.code).toMatch(/^(BUILDSPEC|YAML)_/);
    return v.problems.map((p) => p.describe());
  }
  throw new Error('expected the buildspec to be rejected');
}

const lines = (...l: string[]) => l.join('\n') + '\n';

describe('buildspec: structure', () => {
  it('docs/aws/codebuild.md §1.8: phases come out in execution order whatever order the file lists them', () => {
    const spec = parseBuildspec(
      lines(
        'version: 0.2',
        'phases:',
        '  post_build:',
        '    commands: [echo post]',
        '  install:',
        '    commands: [echo install]',
        '  build:',
        '    commands:',
        '      - echo build',
      ),
      F,
    );
    expect(spec.version).toBe('0.2');
    expect(spec.phases.map((p) => p.name)).toEqual(['install', 'build', 'post_build']);
    expect(spec.phases[2]!.commands[0]).toEqual({ text: 'echo post', pos: { file: F, line: 4, column: 16 } });
    expect(spec.phases[1]!.commands[0]!.pos).toEqual({ file: F, line: 9, column: 9 });
  });

  it('docs/aws/codebuild.md §8.5: a `|` command item keeps its newlines as one command', () => {
    const spec = parseBuildspec(
      lines('version: 0.2', 'phases:', '  build:', '    commands:', '      - |', '        false', '        true'),
      F,
    );
    expect(spec.phases[0]!.commands).toHaveLength(1);
    expect(spec.phases[0]!.commands[0]!.text).toBe('false\ntrue\n');
  });

  it('docs/aws/codebuild.md §1.3: version is required and must be 0.1 or 0.2', () => {
    expect(problems(lines('phases:', '  build:', '    commands: [x]'))).toEqual([
      "buildspec.yml:1:1: 'version' is required (use 0.2)",
    ]);
    expect(problems(lines('version: 0.3', 'phases:', '  build:', '    commands: [x]'))).toEqual([
      "buildspec.yml:1:10: unsupported buildspec version '0.3': expected 0.2 (or 0.1)",
    ]);
  });

  it('docs/aws/codebuild.md §1.3: version 0.1 accepts environment_variables/plaintext and warns', () => {
    const spec = parseBuildspec(
      lines(
        'version: 0.1',
        'environment_variables:',
        '  plaintext:',
        '    JAVA_HOME: /usr/lib/jvm',
        'phases:',
        '  build:',
        '    commands: [cd sub, pwd]',
      ),
      F,
    );
    expect(spec.version).toBe('0.1');
    expect(spec.env.variables).toEqual({ JAVA_HOME: '/usr/lib/jvm' });
    expect(spec.warnings.map((w) => [w.message, w.pos.line])).toEqual([
      ['buildspec version 0.1 runs every command in a separate shell; use 0.2', 1],
    ]);
  });

  it('docs/aws/codebuild.md §1.3: environment_variables is not a 0.2 key (renamed env): ignored with a warning', () => {
    expect(warnings(lines('version: 0.2', 'environment_variables:', '  plaintext: {A: b}', 'phases: {}'))).toEqual([
      "buildspec.yml:2:1: unknown key 'environment_variables' in 'buildspec'",
    ]);
  });

  it('docs/aws/codebuild.md §1.2: unknown keys are ignored, as CodeBuild does, with a did-you-mean warning', () => {
    expect(
      warnings(
        lines('version: 0.2', 'phases:', '  pre-build:', '    commands: [a]', '  build:', '    Commands:', '      - a'),
      ),
    ).toEqual([
      "buildspec.yml:3:3: unknown key 'pre-build' in 'phases'; did you mean 'pre_build'?",
      "buildspec.yml:6:5: unknown key 'Commands' in 'phases.build'; did you mean 'commands'?",
      "buildspec.yml:5:3: 'phases.build' has no commands",
    ]);
  });

  it('docs/aws/codebuild.md §1.8: phases is required', () => {
    expect(problems('version: 0.2\n')).toEqual(["buildspec.yml:1:1: 'phases' is required"]);
  });

  it('every problem of the file is reported in one pass, in source order', () => {
    const out = problems(
      lines(
        'version: 0.2',
        'env:',
        '  shell: zsh',
        'phases:',
        '  build:',
        '    on-failure: SOMETIMES',
        '    commands: [a]',
        'cache:',
        '  action: both',
        '  key: k',
      ),
    );
    expect(out.map((p) => p.split(': ')[0])).toEqual([
      'buildspec.yml:3:10',
      'buildspec.yml:6:17',
      'buildspec.yml:9:11',
    ]);
  });

  it('docs/aws/codebuild.md §1.7: batch is kept raw', () => {
    const spec = parseBuildspec(
      lines('version: 0.2', 'batch:', '  fast-fail: true', '  build-list:', '    - identifier: a', 'phases: {}'),
      F,
    );
    expect(spec.batch).toEqual({ 'fast-fail': true, 'build-list': [{ identifier: 'a' }] });
  });

  it('YAML anchors, aliases and merge keys work as in Go yaml.v2', () => {
    const spec = parseBuildspec(
      lines(
        'version: 0.2',
        'phases:',
        '  pre_build: &common',
        '    run-as: builder',
        '    commands: &cmds',
        '      - echo one',
        '  build:',
        '    <<: *common',
        '    finally: *cmds',
      ),
      F,
    );
    const build = spec.phases.find((p) => p.name === 'build')!;
    expect(build.runAs).toBe('builder');
    expect(build.commands.map((c) => c.text)).toEqual(['echo one']);
    expect(build.finally.map((c) => c.text)).toEqual(['echo one']);
  });
});

describe('buildspec: YAML level', () => {
  it('docs/aws/codebuild.md §1.12: a syntax error (tab indentation) is a YAML_FILE_ERROR with a position', () => {
    const out = problems('version: 0.2\nphases:\n\tbuild: {}\n');
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(/^buildspec\.yml:3:1: .*[Tt]ab/);
  });

  // docs/fidelity.md "Repeated keys": CodeBuild runs buildspecs with a repeated key (a public release pipeline
  // has run one for a year); which one the agent keeps is UNCERTAIN, codelocal keeps the last, with a warning.
  it('a repeated key: the last one counts, with a warning at the repeat naming the first line', () => {
    const text = lines(
      'version: 0.2',
      'env:',
      '  variables:',
      '    A: first',
      '    B: b',
      '    A: second',
      'phases:',
      '  build:',
      '    commands: [one]',
      'phases:',
      '  build:',
      '    commands: [two]',
    );
    const spec = parseBuildspec(text, F);
    expect(spec.env.variables).toEqual({ A: 'second', B: 'b' });
    expect(spec.phases.map((p) => [p.name, p.commands.map((c) => c.text)])).toEqual([['build', ['two']]]);
    expect(warnings(text)).toEqual([
      'buildspec.yml:6:5: duplicate key "A" (first defined at line 4): the last value counts, as CodeBuild runs it',
      'buildspec.yml:10:1: duplicate key "phases" (first defined at line 7): the last value counts, as CodeBuild runs it',
    ]);
  });

  it('a UTF-8 BOM and CRLF line endings do not shift positions', () => {
    const lf = lines('version: 0.2', 'phases:', '  build:', '    commands:', '      - echo a: b');
    const crlfBom = '\ufeff' + lf.replace(/\n/g, '\r\n');
    expect(problems(crlfBom)).toEqual(problems(lf));
    expect(problems(lf)[0]).toMatch(/^buildspec\.yml:5:9: /);
  });

  it('loadBuildspec: a missing file gives the agent message with the absolute path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'codelocal-bs-'));
    const missing = join(dir, 'nope.yml');
    expect(() => loadBuildspec(missing)).toThrowError(`stat ${resolve(missing)}: no such file or directory`);
    try {
      loadBuildspec(missing);
    } catch (e) {
      expect((e as InputError).code).toBe('BUILDSPEC_NOT_FOUND');
    }
    writeFileSync(join(dir, 'bs.yml'), 'version: 0.2\nphases:\n  build:\n    commands: [ls]\n');
    expect(loadBuildspec(join(dir, 'bs.yml')).file).toBe(join(dir, 'bs.yml'));
  });
});

describe('buildspec: commands', () => {
  const withCommands = (...items: string[]) => lines('version: 0.2', 'phases:', '  build:', '    commands:', ...items);

  it('docs/aws/codebuild.md §8.15: unquoted ": " in a command is a YAML_FILE_ERROR with the agent message', () => {
    expect(problems(withCommands('      - echo start', '      - echo "Logging in: now"'))).toEqual([
      'buildspec.yml:6:9: Expected Commands[1] to be of string type: found subkeys instead at line 6, ' +
        'value of the key tag on line 5 might be empty',
    ]);
  });

  it('finally items get the same check, named Finally[i] (our assumption: the agent names the Go field)', () => {
    expect(
      problems(
        lines('version: 0.2', 'phases:', '  build:', '    commands: [a]', '    finally:', '      - rm -rf x: y'),
      ),
    ).toEqual([
      'buildspec.yml:6:9: Expected Finally[0] to be of string type: found subkeys instead at line 6, ' +
        'value of the key tag on line 5 might be empty',
    ]);
  });

  it('commands given as one string is a list of one command, with a warning at the string', () => {
    const text = lines('version: 0.2', 'phases:', '  build:', '    commands: echo hi');
    expect(warnings(text)).toEqual([
      "buildspec.yml:4:15: 'phases.build.commands' is one string, not a list: taken as a list of one command (write '- ...' items)",
    ]);
    expect(parseBuildspec(text, F).phases[0]!.commands.map((c) => c.text)).toEqual(['echo hi']);
  });

  it('a `commands: |` block is one command holding every line', () => {
    const text = lines('version: 0.2', 'phases:', '  build:', '    commands: |', '      echo a', '      echo b');
    expect(parseBuildspec(text, F).phases[0]!.commands.map((c) => c.text)).toEqual(['echo a\necho b\n']);
  });

  it('commands given as a map are an error at the map', () => {
    expect(problems(lines('version: 0.2', 'phases:', '  build:', '    commands:', '      a: b'))).toEqual([
      "buildspec.yml:5:7: Expected Commands to be of list type: found subkeys instead at line 5 ('phases.build.commands')",
    ]);
  });

  it('empty command items (`-`, `- # a note` and `""`) are skipped with warnings', () => {
    const text = withCommands('      - echo a', '      -', '      - ""', '      - # a note', '      - echo b');
    expect(warnings(text)).toEqual([
      'buildspec.yml:6:8: Commands[1] at line 6 is empty: skipped',
      'buildspec.yml:7:9: Commands[2] at line 7 is empty: skipped',
      'buildspec.yml:8:9: Commands[3] at line 8 is empty: skipped',
    ]);
    expect(parseBuildspec(text, F).phases[0]!.commands.map((c) => c.text)).toEqual(['echo a', 'echo b']);
  });

  it('`files` given as one pattern is a list of one pattern', () => {
    const spec = parseBuildspec(lines('version: 0.2', 'phases: {}', 'artifacts:', "  files: '**/*'"), F);
    expect(spec.artifacts?.files.map((f) => f.value)).toEqual(['**/*']);
    expect(spec.warnings.map((w) => w.code)).toEqual(['BUILDSPEC_VALUE_SCALAR_LIST']);
  });

  it('a batch-only buildspec (batch, no phases) is valid: its tasks name their own buildspecs', () => {
    const text = lines('version: 0.2', 'batch:', '  build-list:', '    - identifier: a', '      buildspec: a.yml');
    const spec = parseBuildspec(text, F);
    expect(spec.phases).toEqual([]);
    expect(spec.batch).toBeDefined();
  });

  it('a nested list as a command is an error', () => {
    expect(problems(withCommands('      - [a, b]'))).toEqual([
      'buildspec.yml:5:9: Expected Commands[0] to be of string type: found list instead at line 5',
    ]);
  });

  it('numbers and YAML 1.1 booleans used as commands keep their source text', () => {
    const spec = parseBuildspec(withCommands('      - yes', '      - 3.10', '      - true'), F);
    expect(spec.phases[0]!.commands.map((c) => c.text)).toEqual(['yes', '3.10', 'true']);
  });

  it('docs/aws/codebuild.md §1.8: a phase with no commands parses (0 commands) with a warning', () => {
    const spec = parseBuildspec(lines('version: 0.2', 'phases:', '  build:', '  post_build:', '    run-as: me'), F);
    expect(spec.phases.map((p) => [p.name, p.commands.length])).toEqual([
      ['build', 0],
      ['post_build', 0],
    ]);
    expect(spec.warnings.map((w) => w.message)).toEqual(["'phases.post_build' has no commands"]);
  });

  it('docs/aws/codebuild.md §1.8: runtime-versions only in install; values keep their text (3.10)', () => {
    const spec = parseBuildspec(
      lines(
        'version: 0.2',
        'phases:',
        '  install:',
        '    runtime-versions:',
        '      python: 3.10',
        '      java: corretto17',
      ),
      F,
    );
    expect(spec.phases[0]!.runtimeVersions).toEqual({
      python: { value: '3.10', pos: { file: F, line: 5, column: 7 } },
      java: { value: 'corretto17', pos: { file: F, line: 6, column: 7 } },
    });
    expect(
      problems(
        lines('version: 0.2', 'phases:', '  build:', '    runtime-versions:', '      nodejs: 20', '    commands: [a]'),
      ),
    ).toEqual(["buildspec.yml:4:5: 'runtime-versions' is only allowed in the install phase, found in 'phases.build'"]);
  });

  it('docs/aws/codebuild.md §1.4: run-as at top level and per phase', () => {
    const spec = parseBuildspec(
      lines('version: 0.2', 'run-as: codebuild-user', 'phases:', '  build:', '    run-as: root', '    commands: [id]'),
      F,
    );
    expect(spec.runAs).toBe('codebuild-user');
    expect(spec.phases[0]!.runAs).toBe('root');
  });
});

describe('buildspec: on-failure', () => {
  it.each([
    ['ABORT', { kind: 'ABORT' }],
    ['CONTINUE', { kind: 'CONTINUE' }],
    ['RETRY', { kind: 'RETRY', count: 3 }],
    ['RETRY-5', { kind: 'RETRY', count: 5 }],
    ['RETRY-0', { kind: 'RETRY', count: 0 }],
    ['RETRY-100', { kind: 'RETRY', count: 100 }],
    ['RETRY-timeout.*', { kind: 'RETRY', count: 3, regex: 'timeout.*' }],
    ['RETRY-2-Connection reset', { kind: 'RETRY', count: 2, regex: 'Connection reset' }],
    ['RETRY-2-a-b', { kind: 'RETRY', count: 2, regex: 'a-b' }],
  ])('docs/aws/codebuild.md §1.8: on-failure %s', (text, expected) => {
    expect(parseOnFailure(text)).toEqual(expected);
  });

  it.each([
    ['RETRY-101', 'the retry count must be between 0 and 100'],
    ['RETRY-[', "'[' is not a valid regular expression"],
    ['RETRY-', 'expected ABORT, CONTINUE, RETRY'],
    ['abort', 'expected ABORT, CONTINUE, RETRY'],
    ['STOP', 'expected ABORT, CONTINUE, RETRY'],
  ])('docs/aws/codebuild.md §1.8: on-failure %s is rejected', (text, message) => {
    const out = parseOnFailure(text);
    expect(typeof out).toBe('string');
    expect(out).toContain(message);
  });

  it('on-failure is parsed into the phase and its errors point at the value', () => {
    const spec = parseBuildspec(
      lines('version: 0.2', 'phases:', '  build:', '    on-failure: RETRY-2', '    commands: [a]'),
      F,
    );
    expect(spec.phases[0]!.onFailure).toEqual({ kind: 'RETRY', count: 2 });
    expect(
      problems(lines('version: 0.2', 'phases:', '  build:', '    on-failure: RETRY-500', '    commands: [a]')),
    ).toEqual(["buildspec.yml:4:17: invalid on-failure value 'RETRY-500': the retry count must be between 0 and 100"]);
  });
});

describe('buildspec: env', () => {
  it('docs/aws/codebuild.md §1.5: scalar values keep the text as written (3.10, yes, 0777, empty)', () => {
    const spec = parseBuildspec(
      lines(
        'version: 0.2',
        'env:',
        '  variables:',
        '    PY: 3.10',
        '    FLAG: yes',
        '    MODE: 0777',
        '    EMPTY:',
        '    QUOTED: "3.10"',
        '    PATHX: $PATH:/x',
        '  parameter-store:',
        '    TOKEN: /ci/token',
        '  secrets-manager:',
        '    PW: "db:password::"',
        'phases: {}',
      ),
      F,
    );
    expect(spec.env.variables).toEqual({
      PY: '3.10',
      FLAG: 'yes',
      MODE: '0777',
      EMPTY: '',
      QUOTED: '3.10',
      PATHX: '$PATH:/x',
    });
    expect(spec.env.parameterStore).toEqual({ TOKEN: '/ci/token' });
    expect(spec.env.secretsManager).toEqual({ PW: 'db:password::' });
  });

  it('docs/aws/codebuild.md §1.5: variable values must be scalars', () => {
    expect(problems(lines('version: 0.2', 'env:', '  variables:', '    A: [1, 2]', 'phases: {}'))).toEqual([
      "buildspec.yml:4:8: 'env.variables.A' must be a string, found list",
    ]);
  });

  it('docs/aws/codebuild.md §1.5: shell must be bash or /bin/sh on Linux', () => {
    for (const shell of ['bash', '/bin/sh', 'sh']) {
      expect(parseBuildspec(`version: 0.2\nenv:\n  shell: ${shell}\nphases: {}\n`, F).env.shell).toBe(shell);
    }
    expect(problems('version: 0.2\nenv:\n  shell: zsh\nphases: {}\n')).toEqual([
      "buildspec.yml:3:10: invalid env.shell 'zsh': expected bash or /bin/sh",
    ]);
  });

  // codebuild.md §1.5: powershell.exe and cmd.exe are valid (Windows images). Not emulated: a warning, and the
  // build runs with sh, as a project with a Windows environment does (src/plan/windows.ts).
  it('docs/aws/codebuild.md §1.5: a Windows shell is valid: a warning, and the build runs with sh', () => {
    for (const shell of ['powershell.exe', 'cmd.exe']) {
      const text = `version: 0.2\nenv:\n  shell: ${shell}\nphases: {}\n`;
      expect(parseBuildspec(text, F).env.shell).toBeUndefined();
      expect(warnings(text)).toEqual([
        `buildspec.yml:3:10: env.shell '${shell}' is a Windows shell: Windows images are not emulated; this build runs with sh in a Linux container`,
      ]);
    }
  });

  it('docs/aws/codebuild.md §1.5: git-credential-helper yes/no and exported-variables', () => {
    const spec = parseBuildspec(
      lines(
        'version: 0.2',
        'env:',
        '  git-credential-helper: yes',
        '  exported-variables:',
        '    - OUT',
        '    - AWS_SECRET',
        '  variables:',
        '    CODEBUILD_X: y',
        'phases: {}',
      ),
      F,
    );
    expect(spec.env.gitCredentialHelper).toBe(true);
    expect(spec.env.exportedVariables).toEqual(['OUT', 'AWS_SECRET']);
    expect(spec.warnings.map((w) => `${w.pos.line}: ${w.message}`)).toEqual([
      '8: env.variables.CODEBUILD_X: names starting with CODEBUILD_ are reserved',
      '6: env.exported-variables: AWS_SECRET cannot be exported (AWS_ prefix)',
    ]);
    expect(problems('version: 0.2\nenv:\n  git-credential-helper: maybe\nphases: {}\n')).toEqual([
      "buildspec.yml:3:26: 'env.git-credential-helper' must be yes or no, found string",
    ]);
  });

  it('docs/aws/codebuild.md §1.6: proxy booleans are validated', () => {
    expect(problems('version: 0.2\nproxy:\n  logs: sometimes\n  upload-artifacts: no\nphases: {}\n')).toEqual([
      "buildspec.yml:3:9: 'proxy.logs' must be yes or no, found string",
    ]);
  });
});

describe('buildspec: artifacts', () => {
  it('docs/aws/codebuild.md §1.10: every artifacts key is read, yes/no/true/false booleans', () => {
    const spec = parseBuildspec(
      lines(
        'version: 0.2',
        'phases: {}',
        'artifacts:',
        '  files:',
        "    - '**/*'",
        '  name: app-$(date +%Y)',
        '  discard-paths: yes',
        '  base-directory: dist',
        '  exclude-paths: ["*.map"]',
        '  enable-symlinks: "true"',
        '  s3-prefix: builds',
      ),
      F,
    );
    expect(spec.artifacts).toMatchObject({
      files: [{ value: '**/*', pos: { line: 5, column: 7 } }],
      name: 'app-$(date +%Y)',
      discardPaths: true,
      baseDirectory: 'dist',
      excludePaths: ['*.map'],
      enableSymlinks: true,
      s3Prefix: 'builds',
    });
  });

  it('docs/aws/codebuild.md §1.10: secondary-artifacts identifiers must be [A-Za-z0-9_]{1,127}, files required', () => {
    const long = 'a'.repeat(128);
    const text = lines(
      'version: 0.2',
      'phases: {}',
      'artifacts:',
      '  files: [a]',
      '  secondary-artifacts:',
      '    web_1:',
      '      files: [web/**/*]',
      '    bad-id:',
      '      files: [x]',
      `    ${long}:`,
      '      files: [x]',
      '    nofiles:',
      '      name: x',
    );
    expect(problems(text)).toEqual([
      "buildspec.yml:8:5: invalid secondary artifact identifier 'bad-id': use 1 to 127 letters, digits or underscores",
      `buildspec.yml:10:5: invalid secondary artifact identifier '${long}': use 1 to 127 letters, digits or underscores`,
      "buildspec.yml:12:5: 'artifacts.secondary-artifacts.nofiles.files' is required",
    ]);
    const ok = parseBuildspec(text.split('    bad-id:')[0]!, F);
    expect(ok.secondaryArtifacts.map((a) => [a.identifier, a.files.map((f) => f.value)])).toEqual([
      ['web_1', ['web/**/*']],
    ]);
  });

  it('docs/aws/codebuild.md §1.10: primary artifacts without files parse, and warn (fails later in UPLOAD_ARTIFACTS)', () => {
    const spec = parseBuildspec(
      lines('version: 0.2', 'phases: {}', 'artifacts:', '  secondary-artifacts:', '    a:', '      files: [x]'),
      F,
    );
    expect(spec.artifacts?.files).toEqual([]);
    expect(spec.secondaryArtifacts).toHaveLength(1);
    expect(spec.warnings.map((w) => w.pos.line)).toEqual([3]);
  });
});

describe('buildspec: reports and cache', () => {
  it('docs/aws/codebuild.md §1.9: file-format defaults to JUNITXML and is case-insensitive', () => {
    const spec = parseBuildspec(
      lines(
        'version: 0.2',
        'phases: {}',
        'reports:',
        '  unit:',
        '    files: [reports/*.xml]',
        '  arn:aws:codebuild:us-east-1:123456789012:report-group/cov:',
        '    files: [coverage.xml]',
        '    file-format: CoberturaXml',
        '    discard-paths: yes',
      ),
      F,
    );
    expect(spec.reports.map((r) => [r.name, r.fileFormat, r.discardPaths])).toEqual([
      ['unit', 'JUNITXML', false],
      ['arn:aws:codebuild:us-east-1:123456789012:report-group/cov', 'COBERTURAXML', true],
    ]);
  });

  it('docs/aws/codebuild.md §1.9: unknown file-format and missing files are errors', () => {
    expect(problems(lines('version: 0.2', 'phases: {}', 'reports:', '  r:', '    file-format: xunit'))).toEqual([
      "buildspec.yml:4:3: 'reports.r.files' is required",
      "buildspec.yml:5:18: invalid file-format 'XUNIT' in 'reports.r': expected one of JUNITXML, CUCUMBERJSON, NUNITXML, NUNIT3XML, TESTNGXML, VISUALSTUDIOTRX, CLOVERXML, COBERTURAXML, JACOCOXML, SIMPLECOV",
    ]);
  });

  it('docs/aws/codebuild.md §8.23: a sixth report group is rejected', () => {
    const groups = [1, 2, 3, 4, 5, 6].map((i) => `  g${i}:\n    files: [a]`).join('\n');
    expect(problems(`version: 0.2\nphases: {}\nreports:\n${groups}\n`)).toEqual([
      'buildspec.yml:14:3: too many report groups: at most 5 are allowed per buildspec',
    ]);
  });

  it('docs/aws/codebuild.md §1.11: a cache without paths (all commented out) is skipped with a warning', () => {
    expect(warnings(lines('version: 0.2', 'phases: {}', 'cache:', '  paths:', '    # - /root/.m2/**/*'))).toEqual([
      "buildspec.yml:3:1: 'cache' has no paths (nor a key): the cache is skipped, as CodeBuild does " +
        '("Skip cache due to: no paths specified to be cached")',
    ]);
    const spec = parseBuildspec(
      lines(
        'version: 0.2',
        'phases: {}',
        'cache:',
        '  key: npm-$(codebuild-hash-files package-lock.json)',
        '  fallback-keys: [npm-]',
        '  action: restore',
        '  paths: [/root/.npm/**/*]',
      ),
      F,
    );
    expect(spec.cache).toMatchObject({
      key: 'npm-$(codebuild-hash-files package-lock.json)',
      fallbackKeys: ['npm-'],
      action: 'restore',
      paths: ['/root/.npm/**/*'],
    });
  });

  it('docs/aws/codebuild.md §1.11: at most five fallback-keys; action is restore or save', () => {
    expect(
      problems(
        lines(
          'version: 0.2',
          'phases: {}',
          'cache:',
          '  key: k',
          '  fallback-keys: [a, b, c, d, e, f]',
          '  action: both',
        ),
      ),
    ).toEqual([
      'buildspec.yml:5:3: too many cache.fallback-keys: at most 5 are allowed',
      "buildspec.yml:6:11: invalid cache.action 'both': expected restore or save",
    ]);
  });
});
