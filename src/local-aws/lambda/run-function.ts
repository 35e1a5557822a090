/**
 * One invocation of a locally declared Lambda function: a container of the runner image with the
 * function's code, a bootstrap (./bootstrap.ts) and the event, on the `codelocal-aws` network so
 * the function reaches the local AWS endpoint (and CodePipeline's job calls) through
 * AWS_ENDPOINT_URL. The caller decides how long to wait for the job's verdict; this only starts
 * the container and reports when its process ends.
 */
import { basename } from 'node:path';
import { statSync } from 'node:fs';
import type { LambdaFunctionConfig } from '../../workspace/index.js';
import { packEntries, packHostFiles } from '../../archive/index.js';
import { LABEL_ROLE, type Container, type ContainerRuntime } from '../../runtime/index.js';
import { FAKE_ACCESS_KEY_ID, FAKE_SECRET_ACCESS_KEY } from '../local-aws.js';
import { LAMBDA_ROOT, bootstrapFor } from './bootstrap.js';

/** The runner image has Node.js 20 and Python 3.11: every nodejs/python runtime runs on those. */
export const LAMBDA_IMAGE = 'codelocal/standard:latest';
export const ROLE_LAMBDA = 'lambda';

export interface FunctionRun {
  runtime: ContainerRuntime;
  name: string;
  fn: LambdaFunctionConfig;
  event: unknown;
  requestId: string;
  functionArn: string;
  region: string;
  endpointUrl: string;
  network: string;
  extraHosts: string[];
  timeoutMs: number;
  output(text: string): void;
}

export interface RunningFunction {
  container: Container;
  /** Resolves with the exit code when the bootstrap ends (handler returned or threw). */
  exited: Promise<number>;
}

export async function startFunction(r: FunctionRun): Promise<RunningFunction> {
  const python = r.fn.runtime.startsWith('python');
  const container = await r.runtime.createContainer({
    image: LAMBDA_IMAGE,
    entrypoint: python ? ['python3', '-u', `${LAMBDA_ROOT}/bootstrap.py`] : ['node', `${LAMBDA_ROOT}/bootstrap.js`],
    cmd: [],
    labels: { [LABEL_ROLE]: ROLE_LAMBDA },
    network: r.network,
    extraHosts: r.extraHosts,
    workingDir: `${LAMBDA_ROOT}/task`,
    env: {
      AWS_ENDPOINT_URL: r.endpointUrl,
      AWS_ACCESS_KEY_ID: FAKE_ACCESS_KEY_ID,
      AWS_SECRET_ACCESS_KEY: FAKE_SECRET_ACCESS_KEY,
      AWS_REGION: r.region,
      AWS_DEFAULT_REGION: r.region,
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_LAMBDA_FUNCTION_NAME: r.name,
      LAMBDA_TASK_ROOT: `${LAMBDA_ROOT}/task`,
      CODELOCAL_HANDLER: r.fn.handler,
      CODELOCAL_REQUEST_ID: r.requestId,
      CODELOCAL_FUNCTION_ARN: r.functionArn,
      CODELOCAL_TIMEOUT_MS: String(r.timeoutMs),
    },
  });
  try {
    // A code file (not a folder) is the whole package, as a one-file zip would be.
    const code = statSync(r.fn.code).isDirectory() ? 'lambda/task' : `lambda/task/${basename(r.fn.code)}`;
    await container.putArchive(packHostFiles([{ source: r.fn.code, target: code }]), '/tmp');
    await container.putArchive(
      packEntries([
        { name: `lambda/bootstrap.${python ? 'py' : 'js'}`, content: bootstrapFor(python) },
        { name: 'lambda/event.json', content: JSON.stringify(r.event) },
      ]),
      '/tmp',
    );
    const streams = await container.attach();
    streams.stdout.on('data', (b: Buffer) => r.output(b.toString('utf8')));
    streams.stderr.on('data', (b: Buffer) => r.output(b.toString('utf8')));
    await container.start();
    return { container, exited: container.wait().then((w) => w.exitCode) };
  } catch (e) {
    await container.remove();
    throw e;
  }
}
