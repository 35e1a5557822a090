/**
 * The bootstraps that stand in for Lambda's runtime: load `file.export` from /tmp/lambda/task, call it
 * once with the event in /tmp/lambda/event.json and a minimal context, then exit. Whether the job
 * succeeded is not their business: the function says so through PutJobSuccessResult/FailureResult.
 * Their code is src/guest/files/lambda/bootstrap.cjs and bootstrap.py, which name LAMBDA_ROOT's paths as
 * written here (a unit test checks).
 */
import { guestFile } from '../../guest/index.js';

export const LAMBDA_ROOT = '/tmp/lambda';

/** The bootstrap for a runtime: Python's for `python*`, Node.js's otherwise. */
export function bootstrapFor(python: boolean): string {
  return python ? guestFile('lambda/bootstrap.py') : guestFile('lambda/bootstrap.cjs');
}
