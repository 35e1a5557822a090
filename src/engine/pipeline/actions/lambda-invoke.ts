/**
 * Invoke `Lambda` (docs/aws/codepipeline.md §2.5): there is no Lambda service locally, so the function is
 * the one declared as `lambda.functions.<FunctionName>` in codelocal.yml (handler, runtime, code)
 * and runs in a runner-image container with CodePipeline's job event. The action ends when the
 * function calls PutJobSuccessResult (its outputVariables become the action's variables; a
 * continuationToken means "invoke me again") or PutJobFailureResult, on the local endpoint.
 * A function that returns without either leaves the job open until the timeout, as on AWS.
 */
import { randomUUID } from 'node:crypto';
import type { LambdaFunctionConfig } from '../../../workspace/index.js';
import {
  ENDPOINT_HOST,
  FAKE_ACCESS_KEY_ID,
  FAKE_SECRET_ACCESS_KEY,
  type JobOutcome,
  startFunction,
} from '../../../local-aws/index.js';
import type { ActionContext, ActionProvider, ActionResult } from '../types.js';

/** AWS fails the action when the function has not replied within 20 minutes. */
export const DEFAULT_TIMEOUT_SECONDS = 1200;
/** A function that keeps returning continuation tokens is stopped here (AWS: 24 hours overall). */
const MAX_INVOCATIONS = 1000;
/** Output variables: keys `[A-Za-z0-9@\-_]+`, all of them at most 122880 bytes (docs/aws/codepipeline.md §4.2). */
const VARIABLE_KEY = /^[A-Za-z0-9@\-_]+$/;
const MAX_VARIABLES_BYTES = 122_880;

type Stopped = { status: 'Timeout' } | { status: 'Aborted' };

const failed = (summary: string): ActionResult => ({ status: 'Failed', summary });

const location = (bucketName: string, objectKey: string) => ({ type: 'S3', s3Location: { bucketName, objectKey } });

/** The `CodePipeline.job` event of §2.5. */
export function jobEvent(ctx: ActionContext, jobId: string, continuationToken?: string): unknown {
  const c = ctx.configuration;
  return {
    'CodePipeline.job': {
      id: jobId,
      accountId: ctx.services.accountId,
      data: {
        actionConfiguration: {
          configuration: {
            FunctionName: c.FunctionName,
            ...(c.UserParameters !== undefined ? { UserParameters: c.UserParameters } : {}),
          },
        },
        inputArtifacts: ctx.inputs.map((i) => ({
          name: i.record.name,
          ...(i.record.revision ? { revision: i.record.revision } : {}),
          location: location(i.record.bucket, i.record.key),
        })),
        outputArtifacts: ctx.outputs.map((o) => ({ name: o.name, location: location(o.bucket, o.key) })),
        artifactCredentials: {
          accessKeyId: FAKE_ACCESS_KEY_ID,
          secretAccessKey: FAKE_SECRET_ACCESS_KEY,
          sessionToken: 'codelocal',
        },
        ...(continuationToken !== undefined ? { continuationToken } : {}),
      },
    },
  };
}

function variablesProblem(vars: Record<string, string>): string | undefined {
  const bad = Object.keys(vars).find((k) => !VARIABLE_KEY.test(k));
  if (bad) return `output variable name "${bad}" must match [A-Za-z0-9@\\-_]+`;
  const size = Object.entries(vars).reduce((n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(v), 0);
  if (size > MAX_VARIABLES_BYTES)
    return `OutputVariablesSizeExceededException: output variables are ${size} bytes; the limit is ${MAX_VARIABLES_BYTES}`;
  return undefined;
}

/** One invocation: resolves with the function's verdict, or a timeout/abort reason. */
async function invokeOnce(
  ctx: ActionContext,
  fn: LambdaFunctionConfig,
  continuationToken: string | undefined,
): Promise<JobOutcome | Stopped> {
  const aws = ctx.services.localAws;
  const [{ server, url }, network, runtime] = await Promise.all([
    aws.endpoint(),
    aws.network(),
    ctx.services.runtime(),
  ]);
  const jobId = randomUUID();
  const timeoutMs = (fn.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000;
  const verdict = server.jobs.wait(jobId);
  const name = ctx.configuration.FunctionName!;
  const running = await startFunction({
    runtime,
    name,
    fn,
    event: jobEvent(ctx, jobId, continuationToken),
    requestId: randomUUID(),
    functionArn: `arn:aws:lambda:${ctx.services.region}:${ctx.services.accountId}:function:${name}`,
    region: ctx.services.region,
    endpointUrl: url,
    network: network.name,
    extraHosts: [`${ENDPOINT_HOST}:${network.gateway}`],
    timeoutMs,
    output: (t) => ctx.output(t),
  });
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  try {
    void running.exited.then((code) => {
      ctx.log(
        `function ${name} ended (exit ${code}) without calling PutJobSuccessResult or PutJobFailureResult yet; ` +
          `the job stays open until the ${timeoutMs / 1000}s timeout, as on CodePipeline`,
      );
    });
    const limit = new Promise<Stopped>((resolve) => {
      timer = setTimeout(() => resolve({ status: 'Timeout' }), timeoutMs);
      onAbort = () => resolve({ status: 'Aborted' });
      if (ctx.signal.aborted) onAbort();
      ctx.signal.addEventListener('abort', onAbort, { once: true });
    });
    const outcome = await Promise.race([verdict, limit]);
    // Let a function that reported finish its last lines (Lambda would too), briefly.
    if (outcome.status === 'Succeeded' || outcome.status === 'Failed')
      await Promise.race([running.exited, new Promise((r) => setTimeout(r, 2_000))]);
    return outcome;
  } finally {
    clearTimeout(timer);
    if (onAbort) ctx.signal.removeEventListener('abort', onAbort);
    server.jobs.forget(jobId);
    await running.container.remove();
  }
}

async function run(ctx: ActionContext): Promise<ActionResult> {
  const name = ctx.configuration.FunctionName!;
  const fn = ctx.services.config.config.lambda?.functions[name];
  if (!fn) {
    return failed(
      `Lambda function ${name} is not declared locally: add lambda.functions.${name} (handler, runtime, code) to codelocal.yml`,
    );
  }
  // The function writes its outputs itself, to the pre-allocated locations of the event.
  for (const o of ctx.outputs) ctx.services.s3.createBucket(o.bucket);
  let token: string | undefined;
  for (let n = 1; n <= MAX_INVOCATIONS; n++) {
    ctx.log(`invoking ${name} (${fn.runtime}, ${fn.handler})${n > 1 ? `, continuation ${n - 1}` : ''}`);
    const outcome = await invokeOnce(ctx, fn, token);
    if (outcome.status === 'Aborted') return failed('abandoned');
    if (outcome.status === 'Timeout')
      return failed(
        `The Lambda function ${name} did not call PutJobSuccessResult or PutJobFailureResult within ${fn.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS} seconds`,
      );
    if (outcome.status === 'Failed') return failed(outcome.message || `${outcome.type} reported by ${name}`);
    if (outcome.continuationToken !== undefined) {
      token = outcome.continuationToken;
      continue;
    }
    const problem = variablesProblem(outcome.outputVariables);
    if (problem) return failed(problem);
    return {
      status: 'Succeeded',
      ...(outcome.summary ? { summary: outcome.summary } : {}),
      outputVariables: outcome.outputVariables,
      stored: Object.fromEntries(ctx.outputs.map((o) => [o.name, { format: 'ZIP' as const }])),
    };
  }
  return failed(`${name} returned a continuation token ${MAX_INVOCATIONS} times; giving up`);
}

export const lambdaInvokeProvider: ActionProvider = {
  types: [{ category: 'Invoke', owner: 'AWS', provider: 'Lambda', version: '1' }],
  run,
};
