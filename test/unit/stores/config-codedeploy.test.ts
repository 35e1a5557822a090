/** The `codedeploy` section of codelocal.yml (docs/config.md): local deployment groups. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/workspace/config.js';
import { ValidationError } from '../../../src/errors.js';
import { resolveDeploymentGroup } from '../../../src/local-aws/codedeploy/group.js';
import { useTempDirs } from './helpers.js';

describe('codelocal.yml codedeploy', () => {
  const tmp = useTempDirs();

  it('reads deployment groups with their defaults, found by APP/GROUP or GROUP', () => {
    const root = tmp();
    writeFileSync(
      join(root, 'codelocal.yml'),
      `codedeploy:
  deploymentGroups:
    shop/web: { instances: 2, deploymentConfig: CodeDeployDefault.HalfAtATime, autoRollback: true }
    workers:
    custom: { deploymentConfig: Mine, minimumHealthyHosts: { type: HOST_COUNT, value: 1 }, image: my/image }
`,
    );
    const conf = loadConfig(root).config.codedeploy;
    expect(conf?.deploymentGroups['shop/web']).toEqual({
      instances: 2,
      deploymentConfig: 'CodeDeployDefault.HalfAtATime',
      autoRollback: true,
    });
    expect(conf?.deploymentGroups.workers).toEqual({ instances: 1, autoRollback: false });
    const web = resolveDeploymentGroup(conf, 'shop', 'web');
    expect(typeof web !== 'string' && web.config?.name).toBe('CodeDeployDefault.HalfAtATime');
    const workers = resolveDeploymentGroup(conf, 'any-app', 'workers');
    expect(typeof workers !== 'string' && workers.config?.name).toBe('CodeDeployDefault.OneAtATime');
    const custom = resolveDeploymentGroup(conf, 'x', 'custom');
    expect(typeof custom !== 'string' && custom.config?.minimumHealthyHosts).toEqual({ type: 'HOST_COUNT', value: 1 });
    expect(resolveDeploymentGroup(conf, 'shop', 'nope')).toContain(
      'DeploymentGroupDoesNotExistException: No Deployment Group found for name: nope',
    );
  });

  it('reports bad values at file:line:column', () => {
    const root = tmp();
    writeFileSync(
      join(root, 'codelocal.yml'),
      'codedeploy:\n  deploymentGroups:\n    a/b:\n      instances: 0\n      autoRollbak: true\n',
    );
    try {
      loadConfig(root);
      throw new Error('expected a failure');
    } catch (e) {
      expect((e as ValidationError).problems.map((p) => p.describe())).toEqual([
        `${join(root, 'codelocal.yml')}:4:7: codedeploy.deploymentGroups.a/b.instances must be 1-20, got "0"`,
        `${join(root, 'codelocal.yml')}:5:7: unknown key "codedeploy.deploymentGroups.a/b.autoRollbak"; did you mean 'autoRollback'?`,
      ]);
    }
  });
});
