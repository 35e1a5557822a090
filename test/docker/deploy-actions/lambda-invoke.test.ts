/**
 * Invoke Lambda against the real engine (docs/aws/codepipeline.md §2.5): functions declared in codelocal.yml
 * run in runner-image containers and settle their job on the local endpoint.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { runPipeline } from '../../../src/api/pipeline.js';
import { lambdaInvokeProvider } from '../../../src/engine/pipeline/actions/lambda-invoke.js';
import { ProviderRegistry } from '../../../src/engine/pipeline/registry.js';
import type { ActionProvider } from '../../../src/engine/pipeline/types.js';
import { describeDocker, getRuntime } from '../helpers.js';

const made: string[] = [];
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

const SOURCE = { category: 'Source', owner: 'AWS', provider: 'S3', version: '1' };
const LAMBDA = { category: 'Invoke', owner: 'AWS', provider: 'Lambda', version: '1' };

const source: ActionProvider = {
  types: [SOURCE],
  async run(ctx) {
    writeFileSync(join(ctx.outputs[0]!.dir, 'in.txt'), 'input\n');
    return { status: 'Succeeded', revision: { revisionId: 'rev-1' } };
  },
};

/** Node: calls CodePipeline through AWS_ENDPOINT_URL with plain fetch (no SDK needed). */
const NODE_CALL = `
const call = (op, body) => fetch(process.env.AWS_ENDPOINT_URL, {
  method: 'POST',
  headers: { 'X-Amz-Target': 'CodePipeline_20150709.' + op, 'Content-Type': 'application/x-amz-json-1.1' },
  body: JSON.stringify(body),
}).then((r) => r.text());
`;

const FUNCTIONS: Record<string, { runtime: string; file: string; code: string }> = {
  ok: {
    runtime: 'nodejs20.x',
    file: 'index.js',
    code: `${NODE_CALL}
exports.handler = async (event) => {
  const job = event['CodePipeline.job'];
  const c = job.data.actionConfiguration.configuration;
  const token = job.data.continuationToken;
  console.log('invoked with token ' + (token ?? 'none'));
  if (c.UserParameters === 'continue' && !token)
    return call('PutJobSuccessResult', { jobId: job.id, continuationToken: 'step-2' });
  await call('PutJobSuccessResult', { jobId: job.id, outputVariables: { Greeting: 'hello ' + c.UserParameters, Token: token ?? 'none', Input: job.data.inputArtifacts[0].name } });
};`,
  },
  failing: {
    runtime: 'python3.11',
    file: 'main.py',
    code: `import json, os, urllib.request
def handler(event, context):
    job = event['CodePipeline.job']
    req = urllib.request.Request(os.environ['AWS_ENDPOINT_URL'], method='POST',
        data=json.dumps({'jobId': job['id'], 'failureDetails': {'type': 'JobFailed', 'message': 'tests are red'}}).encode(),
        headers={'X-Amz-Target': 'CodePipeline_20150709.PutJobFailureResult', 'Content-Type': 'application/x-amz-json-1.1'})
    urllib.request.urlopen(req).read()
`,
  },
  silent: { runtime: 'nodejs20.x', file: 'index.js', code: 'exports.handler = async () => "nothing reported";' },
};

function projectWith(fn: string, userParameters: string) {
  const dir = mkdtempSync(join(tmpdir(), 'codelocal-lambda-'));
  made.push(dir);
  const f = FUNCTIONS[fn]!;
  mkdirSync(join(dir, 'fn'));
  writeFileSync(join(dir, 'fn', f.file), f.code);
  const handler = f.file.replace(/\.\w+$/, '') + '.handler';
  writeFileSync(
    join(dir, 'codelocal.yml'),
    `lambda:\n  functions:\n    ${fn}: { handler: ${handler}, runtime: ${f.runtime}, code: fn, timeoutSeconds: 20 }\n    silent-short: { handler: index.handler, runtime: nodejs20.x, code: fn, timeoutSeconds: 3 }\n`,
  );
  const file = join(dir, 'pipeline.json');
  writeFileSync(
    file,
    JSON.stringify({
      name: 'lambda-test',
      roleArn: 'arn:aws:iam::123456789012:role/r',
      artifactStore: { type: 'S3', location: 'lambda-artifacts' },
      stages: [
        {
          name: 'Source',
          actions: [
            {
              name: 'Src',
              actionTypeId: SOURCE,
              configuration: { S3Bucket: 'b', S3ObjectKey: 'k.zip' },
              outputArtifacts: [{ name: 'In' }],
            },
          ],
        },
        {
          name: 'Invoke',
          actions: [
            {
              name: 'Fn',
              actionTypeId: LAMBDA,
              configuration: { FunctionName: fn === 'silent' ? 'silent-short' : fn, UserParameters: userParameters },
              inputArtifacts: [{ name: 'In' }],
            },
          ],
        },
      ],
    }),
  );
  return { dir, file, state: join(dir, '.codelocal') };
}

async function invoke(fn: string, userParameters: string) {
  const p = projectWith(fn, userParameters);
  let log = '';
  const r = await runPipeline({
    file: p.file,
    cwd: p.dir,
    stateDir: p.state,
    runtime: await getRuntime(),
    registry: new ProviderRegistry([source, lambdaInvokeProvider]),
    stopPollMs: 0,
    onEvent: (e) => {
      if (e.type === 'log') log += e.text;
    },
  });
  return { d: r.execution.actionExecutionDetails.find((a) => a.actionName === 'Fn')!, log };
}

describeDocker('Lambda invoke action', () => {
  it("docs/aws/codepipeline.md §2.5: PutJobSuccessResult succeeds the action and its outputVariables become the action's variables", async () => {
    const { d, log } = await invoke('ok', 'world');
    expect(d.status).toBe('Succeeded');
    expect(d.output.outputVariables).toEqual({ Greeting: 'hello world', Token: 'none', Input: 'In' });
    expect(log).toContain('invoked with token none');
  }, 60_000);

  it('docs/aws/codepipeline.md §2.5: a continuationToken invokes the function again with data.continuationToken', async () => {
    const { d, log } = await invoke('ok', 'continue');
    expect(d.status).toBe('Succeeded');
    expect(d.output.outputVariables.Token).toBe('step-2');
    expect(log.match(/invoked with token/g)).toHaveLength(2);
  }, 60_000);

  it('docs/aws/codepipeline.md §2.5: PutJobFailureResult (from a Python function) fails the action with its message', async () => {
    const { d } = await invoke('failing', 'x');
    expect(d.status).toBe('Failed');
    expect(d.output.executionResult.externalExecutionSummary).toBe('tests are red');
  }, 60_000);

  it('docs/aws/codepipeline.md §2.5: a function that reports nothing fails the action at the (configurable) timeout', async () => {
    const { d, log } = await invoke('silent', 'x');
    expect(d.status).toBe('Failed');
    expect(d.output.executionResult.externalExecutionSummary).toContain(
      'did not call PutJobSuccessResult or PutJobFailureResult within 3 seconds',
    );
    expect(log).toContain('function returned: "nothing reported"');
  }, 60_000);
});
