/**
 * Deploy/CodeDeploy with a Lambda AppSpec against the real engine, through the pipeline engine
 * (docs/aws/codedeploy.md §8): hook functions run as local functions and report with
 * PutLifecycleEventHookExecutionStatus; the alias moves, and moves back on a failed AfterAllowTraffic.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runPipeline } from '../../../src/api/pipeline.js';
import { codeDeployServerProvider } from '../../../src/engine/pipeline/actions/codedeploy-server.js';
import { ProviderRegistry } from '../../../src/engine/pipeline/registry.js';
import type { ActionProvider } from '../../../src/engine/pipeline/types.js';
import { describeDocker, getRuntime } from '../helpers.js';

const SOURCE = { category: 'Source', owner: 'AWS', provider: 'S3', version: '1' };
const CODEDEPLOY = { category: 'Deploy', owner: 'AWS', provider: 'CodeDeploy', version: '1' };

const hookCode = (status: string) => `exports.handler = async (event) => {
  console.log('hook of ' + event.DeploymentId + ' says ${status}');
  const r = await fetch(process.env.AWS_ENDPOINT_URL, {
    method: 'POST',
    headers: { 'X-Amz-Target': 'CodeDeploy_20141006.PutLifecycleEventHookExecutionStatus', 'Content-Type': 'application/x-amz-json-1.1' },
    body: JSON.stringify({ deploymentId: event.DeploymentId, lifecycleEventHookExecutionId: event.LifecycleEventHookExecutionId, status: '${status}' }),
  });
  console.log('status call answered ' + r.status);
};`;

/** The AppSpec the fake source produces next. */
let appspec = '';
const source: ActionProvider = {
  types: [SOURCE],
  async run(ctx) {
    writeFileSync(join(ctx.outputs[0]!.dir, 'appspec.yaml'), appspec);
    return { status: 'Succeeded', revision: { revisionId: 'r' } };
  },
};

const spec = (from: number, to: number, after: string) => `version: 0.0
Resources:
  - orders:
      Type: AWS::Lambda::Function
      Properties: { Name: orders, Alias: live, CurrentVersion: "${from}", TargetVersion: "${to}" }
Hooks:
  - BeforeAllowTraffic: before
  - AfterAllowTraffic: ${after}
`;

const dir = mkdtempSync(join(tmpdir(), 'codelocal-cd-lambda-'));
const file = join(dir, 'pipeline.json');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeAll(() => {
  for (const [name, status] of [
    ['ok', 'Succeeded'],
    ['fail', 'Failed'],
  ] as const) {
    mkdirSync(join(dir, 'hooks', name), { recursive: true });
    writeFileSync(join(dir, 'hooks', name, 'index.js'), hookCode(status));
  }
  const fn = (code: string) =>
    `{ handler: index.handler, runtime: nodejs20.x, code: hooks/${code}, timeoutSeconds: 30 }`;
  writeFileSync(
    join(dir, 'codelocal.yml'),
    `lambda:\n  functions:\n    before: ${fn('ok')}\n    afterOk: ${fn('ok')}\n    afterFail: ${fn('fail')}\n` +
      'codedeploy:\n  deploymentGroups:\n    shop/orders: { deploymentConfig: CodeDeployDefault.LambdaCanary10Percent5Minutes, autoRollback: true }\n',
  );
  writeFileSync(
    file,
    JSON.stringify({
      name: 'codedeploy-lambda-test',
      roleArn: 'arn:aws:iam::123456789012:role/r',
      artifactStore: { type: 'S3', location: 'cd-lambda-artifacts' },
      stages: [
        {
          name: 'Source',
          actions: [
            {
              name: 'Src',
              actionTypeId: SOURCE,
              configuration: { S3Bucket: 'b', S3ObjectKey: 'k.zip' },
              outputArtifacts: [{ name: 'Rev' }],
            },
          ],
        },
        {
          name: 'Deploy',
          actions: [
            {
              name: 'Fn',
              actionTypeId: CODEDEPLOY,
              configuration: { ApplicationName: 'shop', DeploymentGroupName: 'orders' },
              inputArtifacts: [{ name: 'Rev' }],
            },
          ],
        },
      ],
    }),
  );
});

async function deploy(next: string) {
  appspec = next;
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
  const d = r.execution.actionExecutionDetails.find((a) => a.actionName === 'Fn')!;
  return { d, log, summary: d.output.executionResult.externalExecutionSummary ?? '' };
}

const alias = () =>
  JSON.parse(readFileSync(join(dir, '.codelocal', 'codedeploy', 'lambda-aliases.json'), 'utf8')) as Record<
    string,
    string
  >;

describeDocker('Deploy/CodeDeploy to Lambda', () => {
  it('codedeploy.md §8: hooks around the alias shift; a failed AfterAllowTraffic moves the alias back; CurrentVersion is checked', async () => {
    const first = await deploy(spec(1, 2, 'afterOk'));
    expect(first.d.status, first.log).toBe('Succeeded');
    expect(first.log).toMatch(/hook of d-\w+ says Succeeded/);
    expect(first.log).toContain('status call answered 200');
    expect(first.log).toContain(
      'CodeDeployDefault.LambdaCanary10Percent5Minutes (10% of traffic, the rest 5 minutes later)',
    );
    expect(alias()).toEqual({ 'orders:live': '2' });

    const second = await deploy(spec(2, 3, 'afterFail'));
    expect(second.d.status, second.log).toBe('Failed');
    expect(second.summary).toMatch(
      /^Deployment d-\w+ failed: AfterAllowTraffic hook afterFail reported Failed; rolled back by deployment d-\w+ \(Succeeded\)$/,
    );
    expect(alias()).toEqual({ 'orders:live': '2' });

    const third = await deploy(spec(1, 2, 'afterOk'));
    expect(third.d.output.executionResult.errorDetails?.code).toBe('CODEDEPLOY_ALIAS_MISMATCH');
    expect(third.summary).toContain(
      "alias live of orders points to version 2 locally, but the AppSpec's CurrentVersion is 1",
    );
  }, 180_000);
});
