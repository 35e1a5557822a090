/**
 * The one CodeDeploy call a Lambda deployment's hook function makes (codedeploy.md §8.2):
 * PutLifecycleEventHookExecutionStatus (JSON 1.1, target prefix `CodeDeploy_20141006`) settles the
 * hook the local deployment waits on. Hook executions wait on the endpoint's job board, as CodePipeline
 * jobs of the Lambda invoke action do.
 */
import { AwsError, type JsonOperation } from '../aws/protocol.js';
import type { JobBoard } from '../aws/codepipeline.js';

export const CODEDEPLOY_TARGET = 'CodeDeploy_20141006';

export function codeDeployOperations(jobs: JobBoard): Record<string, JsonOperation> {
  return {
    PutLifecycleEventHookExecutionStatus(input) {
      const id = String(input.lifecycleEventHookExecutionId ?? '');
      const status = String(input.status ?? '');
      if (status !== 'Succeeded' && status !== 'Failed')
        throw new AwsError(
          'LifecycleEventStatusInvalidException',
          `status must be Succeeded or Failed, got "${status}"`,
        );
      try {
        jobs.report(
          id,
          status === 'Succeeded'
            ? { status: 'Succeeded', outputVariables: {} }
            : { status: 'Failed', type: 'HookFailed', message: 'the hook reported Failed' },
        );
      } catch (e) {
        if (!(e instanceof AwsError)) throw e;
        throw new AwsError(
          e.code === 'JobNotFoundException'
            ? 'LifecycleEventHookExecutionIdInvalidException'
            : 'LifecycleEventAlreadyCompletedException',
          `lifecycle event hook execution ${id}: ${e.message}`,
        );
      }
      return { lifecycleEventHookExecutionId: id };
    },
  };
}
