/**
 * Deploy/CodeDeploy to EC2/on-premises against the real engine, run through the pipeline engine
 * (docs/aws/codedeploy.md §3–§5, §7): a two-instance deployment group with OneAtATime and automatic
 * rollback; the revision's hooks run in instance containers with CodeDeploy's variables and runas.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runPipeline } from '../../../src/api/pipeline.js';
import { codeDeployServerProvider } from '../../../src/engine/pipeline/actions/codedeploy-server.js';
import { ProviderRegistry } from '../../../src/engine/pipeline/registry.js';
import type { ActionProvider } from '../../../src/engine/pipeline/types.js';
import { ROLE_CODEDEPLOY_INSTANCE } from '../../../src/local-aws/index.js';
import { LABEL_ROLE, type Container } from '../../../src/runtime/types.js';
import { describeDocker, getRuntime } from '../helpers.js';

const SOURCE = { category: 'Source', owner: 'AWS', provider: 'S3', version: '1' };
const CODEDEPLOY = { category: 'Deploy', owner: 'AWS', provider: 'CodeDeploy', version: '1' };

const APPSPEC = `version: 0.0
os: linux
files:
  - source: app
    destination: /srv/app
permissions:
  - object: /srv/app
    pattern: "secret.txt"
    owner: nobody
    mode: 600
    type: [file]
hooks:
  ApplicationStop:
    - location: scripts/stop.sh
  AfterInstall:
    - location: scripts/env.sh
      runas: nobody
      timeout: 30
  ValidateService:
    - location: scripts/validate.sh
`;

/** The revision the fake source produces next: `app/version` says which one. */
let version = 'v1';
let appspec = APPSPEC;
const source: ActionProvider = {
  types: [SOURCE],
  async run(ctx) {
    const dir = ctx.outputs[0]!.dir;
    const files: Record<string, string> = {
      'appspec.yml': appspec,
      'scripts/slow.sh': '#!/bin/sh\necho sleeping\nsleep 30\n',
      'app/version': `${version}\n`,
      'app/secret.txt': 'hush\n',
      'scripts/stop.sh': `#!/bin/sh\necho "stopping $(cat /srv/app/version) for $LIFECYCLE_EVENT"\n`,
      'scripts/env.sh':
        '#!/bin/sh\necho "env $LIFECYCLE_EVENT $DEPLOYMENT_ID $APPLICATION_NAME $DEPLOYMENT_GROUP_NAME $DEPLOYMENT_GROUP_ID as $(id -un)"\n',
      // Fails where /tmp/fail-validate names this revision (the test puts it in one instance).
      'scripts/validate.sh': `#!/bin/sh\nif grep -qx ${version} /tmp/fail-validate 2>/dev/null; then echo "${version} is broken here" >&2; exit 3; fi\necho "${version} is fine"\n`,
    };
    for (const [name, text] of Object.entries(files)) {
      const { mkdirSync } = await import('node:fs');
      mkdirSync(join(dir, name, '..'), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
    return { status: 'Succeeded', revision: { revisionId: version } };
  },
};

const dir = mkdtempSync(join(tmpdir(), 'codelocal-codedeploy-'));
const file = join(dir, 'pipeline.json');

beforeAll(() => {
  writeFileSync(
    join(dir, 'codelocal.yml'),
    'codedeploy:\n  deploymentGroups:\n    shop/web: { instances: 2, deploymentConfig: CodeDeployDefault.OneAtATime, autoRollback: true }\n' +
      '    slow: { deploymentConfig: CodeDeployDefault.AllAtOnce }\n',
  );
});

function writePipeline(group: string) {
  const stage = (name: string, action: object) => ({ name, actions: [action] });
  writeFileSync(
    file,
    JSON.stringify({
      name: 'codedeploy-test',
      roleArn: 'arn:aws:iam::123456789012:role/r',
      artifactStore: { type: 'S3', location: 'cd-artifacts' },
      stages: [
        stage('Source', {
          name: 'Src',
          actionTypeId: SOURCE,
          configuration: { S3Bucket: 'b', S3ObjectKey: 'k.zip' },
          outputArtifacts: [{ name: 'Rev' }],
        }),
        stage('Deploy', {
          name: 'Web',
          actionTypeId: CODEDEPLOY,
          configuration: { ApplicationName: 'shop', DeploymentGroupName: group },
          inputArtifacts: [{ name: 'Rev' }],
        }),
      ],
    }),
  );
}

async function instances(group = 'shop-web'): Promise<Container[]> {
  const runtime = await getRuntime();
  const refs = await runtime.listResources({ labels: { [LABEL_ROLE]: ROLE_CODEDEPLOY_INSTANCE } });
  const mine = refs
    .filter((r) => r.kind === 'container' && r.name.includes(group))
    .sort((a, b) => a.name.localeCompare(b.name));
  return (await Promise.all(mine.map((r) => runtime.getContainer(r.id)))).filter(
    (c): c is Container => c !== undefined,
  );
}

afterAll(async () => {
  for (const c of [...(await instances()), ...(await instances('shop-slow'))]) await c.remove();
  rmSync(dir, { recursive: true, force: true });
});

async function deploy(next: string, group = 'web', spec = APPSPEC) {
  version = next;
  appspec = spec;
  writePipeline(group);
  let log = '';
  const r = await runPipeline({
    file,
    cwd: dir,
    stateDir: join(dir, '.codelocal'),
    runtime: await getRuntime(),
    registry: new ProviderRegistry([source, codeDeployServerProvider]),
    stopPollMs: 0,
    onEvent: (e) => {
      if (e.type === 'log') log += e.text;
    },
  });
  const d = r.execution.actionExecutionDetails.find((a) => a.actionName === 'Web')!;
  return { d, log, summary: d.output.executionResult.externalExecutionSummary ?? '' };
}

async function sh(c: Container, script: string): Promise<string> {
  const r = await c.exec(['sh', '-c', script]);
  return r.stdout.trim();
}

describeDocker('Deploy/CodeDeploy to EC2/on-premises instances', () => {
  it('codedeploy.md §3, §4.3, §5: OneAtATime on two instances, a failure on the last instance, a failure on the first and the rollback', async () => {
    // 1. A clean first deployment to both instances.
    const first = await deploy('v1');
    expect(first.d.status, first.log).toBe('Succeeded');
    const [one, two] = await instances();
    expect(two).toBeDefined();
    for (const c of [one!, two!]) {
      expect(await sh(c, 'cat /srv/app/version')).toBe('v1');
      expect(await sh(c, 'stat -c "%U %a" /srv/app/secret.txt')).toBe('nobody 600');
    }
    expect(first.log).toMatch(/\[AfterInstall\] env AfterInstall d-[A-Z0-9]{9} shop web [0-9a-f-]{36} as nobody/);
    expect(first.log).not.toContain('stopping'); // §3.2: no ApplicationStop on a first install
    expect(first.log).toContain('batches [1] [2]');

    // 2. ValidateService fails on the second (last) instance: OneAtATime still succeeds (§4.3).
    await sh(two!, 'echo v2 > /tmp/fail-validate');
    const second = await deploy('v2');
    expect(second.d.status, second.log).toBe('Succeeded');
    expect(second.summary).toMatch(
      /-2: ValidateService failed: Script at specified location: scripts\/validate.sh run as user root failed with exit code 3/,
    );
    expect(second.log).toContain('stopping v1 for ApplicationStop');
    expect(second.log).toContain('v2 is broken here');

    // 3. It fails on the first instance: the deployment stops there and rolls back to v2 as a new deployment.
    await sh(two!, 'rm /tmp/fail-validate');
    await sh(one!, 'echo v3 > /tmp/fail-validate');
    const third = await deploy('v3');
    expect(third.d.status, third.log).toBe('Failed');
    expect(third.d.output.executionResult.errorDetails?.code).toBe('CODEDEPLOY_DEPLOYMENT_FAILED');
    expect(third.summary).toMatch(
      /^Deployment d-\w+ failed: .*-1: ValidateService failed: .*; rolled back by deployment d-\w+ \(Succeeded\)$/,
    );
    expect(third.log).toMatch(/Failed at ValidateService/);
    expect(third.log).toMatch(/automatic rollback: deployment d-\w+ redeploys the revision of d-\w+/);
    for (const c of [one!, two!]) expect(await sh(c, 'cat /srv/app/version')).toBe('v2');
  }, 240_000);

  it('codedeploy.md §3.4: a script over its timeout fails the instance; AllAtOnce with every instance failed fails', async () => {
    const slow =
      'version: 0.0\nos: linux\nhooks:\n  BeforeInstall:\n    - location: scripts/slow.sh\n      timeout: 2\n';
    const r = await deploy('v9', 'slow', slow);
    expect(r.d.status, r.log).toBe('Failed');
    expect(r.summary).toMatch(
      /^Deployment d-\w+ failed: codelocal-cd-shop-slow-\w+-1: BeforeInstall failed: Script at specified location: scripts\/slow.sh failed to complete in 2 seconds$/,
    );
    expect(r.log).toContain('[BeforeInstall] sleeping');
  }, 120_000);
});
