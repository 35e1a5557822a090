/**
 * codelocal.yml `env` acts as project-level variables: above the buildspec, below the project's own
 * variables and the start-build overrides (--env), as docs/aws/codebuild.md §1.5 orders them (issue 17).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openWorkspace } from '../../../src/workspace/index.js';
import { prepareBuild } from '../../../src/engine/codebuild/index.js';
import { mergeEnvironment } from '../../../src/engine/codebuild/environment.js';
import { defaultProject } from '../../../src/model/index.js';
import { useTempDirs } from '../stores/helpers.js';

const temp = useTempDirs();

function merged(project?: Record<string, string>, env?: Record<string, string>) {
  const root = temp();
  writeFileSync(join(root, 'codelocal.yml'), 'env:\n  A: config\n  B: config\n  C: config\n');
  mkdirSync(join(root, 'src'));
  writeFileSync(
    join(root, 'src', 'buildspec.yml'),
    'version: 0.2\nenv:\n  variables:\n    A: buildspec\n    D: buildspec\nphases:\n  build:\n    commands: [echo hi]\n',
  );
  const p = defaultProject('demo');
  p.environment.environmentVariables = Object.entries(project ?? {}).map(([name, value]) => ({
    name,
    value,
    type: 'PLAINTEXT' as const,
  }));
  const prepared = prepareBuild(openWorkspace({ cwd: root }), {
    sourceDir: join(root, 'src'),
    project: p,
    env: Object.entries(env ?? {}).map(([name, value]) => ({ name, value })),
  });
  const m = mergeEnvironment(
    {},
    prepared.buildspec,
    prepared.project.environment.environmentVariables,
    prepared.request.envOverrides ?? [],
  );
  return (name: string) => m.entries.get(name)?.value;
}

describe('codelocal.yml env precedence (docs/aws/codebuild.md §1.5)', () => {
  it('beats the buildspec, loses to the project and to --env', () => {
    const value = merged({ B: 'project' }, { C: 'override' });
    expect(value('A')).toBe('config');
    expect(value('B')).toBe('project');
    expect(value('C')).toBe('override');
    expect(value('D')).toBe('buildspec');
  });
});
