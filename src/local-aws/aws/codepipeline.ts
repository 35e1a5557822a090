/**
 * CodePipeline's job-worker calls (JSON 1.1, target prefix `CodePipeline_20150709`) as a Lambda
 * invoke action's function makes them: PutJobSuccessResult / PutJobFailureResult settle the job the
 * action is waiting on (docs/aws/codepipeline.md §2.5). Jobs are registered by the Lambda action provider.
 */
import { AwsError, type JsonOperation } from './protocol.js';

export type JobOutcome =
  | { status: 'Succeeded'; outputVariables: Record<string, string>; continuationToken?: string; summary?: string }
  | { status: 'Failed'; type: string; message: string };

interface PendingJob {
  settle(outcome: JobOutcome): void;
  done: boolean;
}

/** Jobs waiting for their function's verdict, by job id. */
export class JobBoard {
  private readonly jobs = new Map<string, PendingJob>();

  /** Registers a job; the promise settles when the function reports (or never: the caller times out). */
  wait(jobId: string): Promise<JobOutcome> {
    return new Promise((resolve) => {
      this.jobs.set(jobId, { settle: resolve, done: false });
    });
  }

  forget(jobId: string): void {
    this.jobs.delete(jobId);
  }

  report(jobId: string, outcome: JobOutcome): void {
    const job = this.jobs.get(jobId);
    if (!job)
      throw new AwsError(
        'JobNotFoundException',
        `The job was specified in an invalid format or cannot be found: ${jobId}`,
      );
    if (job.done)
      throw new AwsError(
        'InvalidJobStateException',
        `The job state was specified in an invalid format: ${jobId} is already settled`,
      );
    job.done = true;
    job.settle(outcome);
  }
}

export function codePipelineOperations(jobs: JobBoard): Record<string, JsonOperation> {
  return {
    PutJobSuccessResult(input) {
      const vars = (input.outputVariables ?? {}) as Record<string, unknown>;
      jobs.report(String(input.jobId ?? ''), {
        status: 'Succeeded',
        outputVariables: Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, String(v)])),
        ...(input.continuationToken ? { continuationToken: String(input.continuationToken) } : {}),
        ...(input.executionDetails?.summary ? { summary: String(input.executionDetails.summary) } : {}),
      });
      return {};
    },
    PutJobFailureResult(input) {
      const f = (input.failureDetails ?? {}) as Record<string, unknown>;
      jobs.report(String(input.jobId ?? ''), {
        status: 'Failed',
        type: String(f.type ?? 'JobFailed'),
        message: String(f.message ?? ''),
      });
      return {};
    },
  };
}
