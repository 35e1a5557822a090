/** openWorkspace: one way to find the project, its config and state folder; opening writes nothing. */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openHistory, openWorkspace } from '../../../src/workspace/index.js';
import { listExecutions } from '../../../src/api/executions.js';
import { prepareBuild } from '../../../src/engine/codebuild/index.js';
import { useTempDirs } from '../stores/helpers.js';

const temp = useTempDirs();

function project(): string {
  const root = temp();
  writeFileSync(join(root, 'codelocal.yml'), 'region: eu-west-1\nenv:\n  FROM_CONFIG: "1"\n');
  mkdirSync(join(root, 'sub', 'deeper'), { recursive: true });
  writeFileSync(join(root, 'sub', 'buildspec.yml'), 'version: 0.2\nphases:\n  build:\n    commands: [echo hi]\n');
  return root;
}

describe('openWorkspace', () => {
  it('finds the project root upward, reads codelocal.yml and resolves the default state folder', () => {
    const root = project();
    const ws = openWorkspace({ cwd: join(root, 'sub', 'deeper') });
    expect(ws.projectRoot).toBe(root);
    expect(ws.config.config.region).toBe('eu-west-1');
    expect(ws.state.root).toBe(join(root, '.codelocal'));
    expect(ws.state.source).toBe('default');
  });

  it('creates no folder and no database when opened, nor when history is only listed', () => {
    const root = project();
    const ws = openWorkspace({ cwd: root });
    ws.stubs();
    expect(listExecutions({ cwd: root })).toEqual([]);
    expect(existsSync(ws.state.root)).toBe(false);
    openHistory(ws).close();
    expect(existsSync(ws.state.executionsDb)).toBe(true);
  });

  it('a given project root wins over the folder; a relative --state-dir is relative to stateDirBase', () => {
    const root = project();
    const other = temp();
    const ws = openWorkspace({ cwd: other, projectRoot: root, stateDir: 'st', stateDirBase: other });
    expect(ws.config.config.region).toBe('eu-west-1');
    expect(ws.state.root).toBe(join(other, 'st'));
    expect(ws.state.source).toBe('flag');
  });

  it('reads stubs once, with flag values, and names every state subfolder under the root', () => {
    const root = project();
    const ws = openWorkspace({ cwd: root, parameters: { '/a/b': 'x=y' }, secrets: { s: 'v' } });
    expect(ws.stubs()).toBe(ws.stubs());
    expect(ws.stubs().resolveValue('PARAMETER_STORE', '/a/b')).toEqual({ value: 'x=y' });
    const s = ws.state;
    for (const p of [s.batchesRoot, s.pipelineExecutionDir('e'), s.ecsServicesDir, s.cloudformationStacksDir]) {
      expect(p.startsWith(s.root + '/')).toBe(true);
    }
    expect(readdirSync(root)).not.toContain('.codelocal');
  });

  it('build preparation puts codelocal.yml env below the project and checks secondary source identifiers', () => {
    const root = project();
    const ws = openWorkspace({ cwd: join(root, 'sub') });
    const p = prepareBuild(ws, { sourceDir: join(root, 'sub'), env: [{ name: 'A', value: '1' }] });
    expect(p.project.environment.environmentVariables[0]).toEqual({
      name: 'FROM_CONFIG',
      value: '1',
      type: 'PLAINTEXT',
    });
    expect(p.request.envOverrides).toEqual([{ name: 'A', value: '1', type: 'PLAINTEXT' }]);
    expect(() =>
      prepareBuild(ws, { sourceDir: join(root, 'sub'), secondarySources: [{ identifier: 'bad-id', dir: root }] }),
    ).toThrow(/identifier must contain only alphanumeric/);
  });
});
