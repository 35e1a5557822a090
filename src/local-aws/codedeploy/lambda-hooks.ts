/**
 * Runs one hook function of a Lambda deployment (codedeploy.md §8.2): the function is a local one
 * (`lambda.functions` of codelocal.yml), invoked in a runner container with CodeDeploy's hook event,
 * and the hook ends when it calls PutLifecycleEventHookExecutionStatus on the local endpoint, or at its
 * timeout (a hook that never reports fails, as on AWS, where it times out after an hour).
 */
import { randomUUID } from 'node:crypto';
import type { LambdaFunctionConfig } from '../../workspace/index.js';
import type { ContainerRuntime } from '../../runtime/index.js';
import type { JobBoard } from '../aws/codepipeline.js';
import { startFunction } from '../lambda/run-function.js';

/** What invoking a local function needs of the run's local AWS (the provider gives it). */
export interface LambdaHookAccess {
  runtime: ContainerRuntime;
  jobs: JobBoard;
  endpointUrl: string;
  network: string;
  extraHosts: string[];
  region: string;
  accountId: string;
}

export interface HookCall {
  deploymentId: string;
  functionName: string;
  fn: LambdaFunctionConfig;
  output(text: string): void;
  signal: AbortSignal;
}

/** How long a hook may take when its function gives no timeoutSeconds (AWS: one hour). */
export const HOOK_TIMEOUT_SECONDS = 3600;

export async function runHookFunction(a: LambdaHookAccess, h: HookCall): Promise<'Succeeded' | 'Failed' | 'Timeout'> {
  const hookId = randomUUID();
  const verdict = a.jobs.wait(hookId);
  const timeoutMs = (h.fn.timeoutSeconds ?? HOOK_TIMEOUT_SECONDS) * 1000;
  const running = await startFunction({
    runtime: a.runtime,
    name: h.functionName,
    fn: h.fn,
    event: { DeploymentId: h.deploymentId, LifecycleEventHookExecutionId: hookId },
    requestId: randomUUID(),
    functionArn: `arn:aws:lambda:${a.region}:${a.accountId}:function:${h.functionName}`,
    region: a.region,
    endpointUrl: a.endpointUrl,
    network: a.network,
    extraHosts: a.extraHosts,
    timeoutMs,
    output: h.output,
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    const limit = new Promise<'Timeout'>((resolve) => {
      timer = setTimeout(() => resolve('Timeout'), timeoutMs);
      h.signal.addEventListener('abort', () => resolve('Timeout'), { once: true });
    });
    const outcome = await Promise.race([verdict, limit]);
    if (outcome === 'Timeout') return 'Timeout';
    // Let the function print its last lines, briefly.
    await Promise.race([running.exited, new Promise((r) => setTimeout(r, 2_000))]);
    return outcome.status === 'Succeeded' ? 'Succeeded' : 'Failed';
  } finally {
    clearTimeout(timer);
    a.jobs.forget(hookId);
    await running.container.remove();
  }
}
