/**
 * PutApprovalResult for local executions (docs/aws/codepipeline.md §2.6): a decision for a waiting Manual
 * approval, from `codelocal pipeline approve` in any terminal. The waiting action polls the store,
 * so the first decision recorded wins, whichever process makes it.
 */
import { InputError } from '../../errors.js';
import type { ApprovalRecord, ExecutionStore } from '../../stores/index.js';

export interface ApprovalRequest {
  executionId: string;
  stage: string;
  action: string;
  status: 'Approved' | 'Rejected';
  summary?: string;
  /** Optional: the token shown when the approval started; without it the newest approval of the action is decided. */
  token?: string;
  by?: string;
}

/** ApprovalResult.summary is at most 512 characters (API:ApprovalResult). */
const MAX_SUMMARY = 512;

export function decideApproval(store: ExecutionStore, r: ApprovalRequest): ApprovalRecord {
  if (r.summary !== undefined && r.summary.length > MAX_SUMMARY) {
    throw new InputError(
      'APPROVAL_SUMMARY_TOO_LONG',
      `ValidationException: the summary must be at most ${MAX_SUMMARY} characters`,
    );
  }
  const where = `${r.stage}.${r.action} of execution ${r.executionId}`;
  const forAction = store
    .listApprovals({ executionId: r.executionId })
    .filter((a) => a.stage === r.stage && a.action === r.action);
  let target: ApprovalRecord | undefined;
  if (r.token) {
    target = forAction.find((a) => a.token === r.token);
    if (!target) {
      throw new InputError(
        'INVALID_APPROVAL_TOKEN',
        `InvalidApprovalTokenException: the approval token ${r.token} is not valid for ${where}`,
      );
    }
  } else {
    target = forAction[forAction.length - 1];
    if (!target) {
      throw new InputError(
        'INVALID_APPROVAL_TOKEN',
        `InvalidApprovalTokenException: no approval was requested for ${where}`,
        {
          details: ['the action must be a Manual approval that has started (codelocal executions show ID lists them)'],
        },
      );
    }
  }
  const done = () =>
    new InputError(
      'APPROVAL_ALREADY_COMPLETED',
      `ApprovalAlreadyCompletedException: the approval for ${where} was already ${store.getApproval(target!.token)?.status ?? target!.status}`,
    );
  if (target.status !== 'Pending') throw done();
  if (!store.decideApproval(target.token, r.status, { summary: r.summary, by: r.by ?? 'codelocal pipeline approve' }))
    throw done();
  return store.getApproval(target.token)!;
}
