/**
 * Approval `Manual` (docs/aws/codepipeline.md §2.6, §5.10): the action waits with a token until someone
 * approves or rejects it — `--approve`/`--reject` given up front, a y/n answer on the terminal,
 * or `codelocal pipeline approve` from another terminal (polled through the execution store) —
 * or until `timeoutInMinutes` (default 7 days) passes, which fails it like a rejection.
 */
import { randomUUID } from 'node:crypto';
import type { ApprovalRecord } from '../../../stores/index.js';
import type { ActionContext, ActionProvider, ActionResult } from '../types.js';

/** 7 days (UG:limits). */
export const DEFAULT_APPROVAL_TIMEOUT_MINUTES = 7 * 24 * 60;

function result(rec: ApprovalRecord, timeoutMinutes: number): ActionResult {
  const base = { externalExecutionId: rec.token };
  switch (rec.status) {
    case 'Approved':
      return { ...base, status: 'Succeeded', summary: rec.summary ? `Approved: ${rec.summary}` : 'Approved' };
    case 'Rejected':
      return { ...base, status: 'Failed', summary: rec.summary ? `Rejected: ${rec.summary}` : 'Rejected' };
    default:
      // UNCERTAIN: AWS's wording for a timed-out approval.
      return {
        ...base,
        status: 'Failed',
        summary: `The approval timed out: nobody approved or rejected it within ${timeoutMinutes} minutes`,
      };
  }
}

async function run(ctx: ActionContext): Promise<ActionResult> {
  const { store, clock } = ctx.services;
  const where = `${ctx.stageName}.${ctx.actionName}`;
  const timeoutMinutes = ctx.declaration.timeoutInMinutes ?? DEFAULT_APPROVAL_TIMEOUT_MINUTES;
  const token = randomUUID();
  const created = clock.now();
  const expires = created + timeoutMinutes * 60_000;
  store.createApproval({
    token,
    executionId: ctx.executionId,
    stage: ctx.stageName,
    action: ctx.actionName,
    createdTime: created,
    expiresTime: expires,
  });
  ctx.log(`waiting for approval (token ${token}, expires ${new Date(expires).toISOString()})`);
  if (ctx.configuration.CustomData) ctx.log(`custom data: ${ctx.configuration.CustomData}`);
  if (ctx.configuration.ExternalEntityLink) ctx.log(`review: ${ctx.configuration.ExternalEntityLink}`);
  ctx.log(
    `decide from another terminal: codelocal pipeline approve ${ctx.executionId} ${where} [--reject] [--summary TEXT]`,
  );

  const preset = ctx.services.approvals[where] ?? ctx.services.approvals['*'];
  if (preset) store.decideApproval(token, preset.status, { summary: preset.summary, by: 'command line flag' });
  const stopPrompt = new AbortController();
  if (!preset && ctx.services.prompt) {
    ctx.services
      .prompt(`Approve ${where}? [y/n] `, stopPrompt.signal)
      .then((answer) => {
        if (answer !== undefined) store.decideApproval(token, answer ? 'Approved' : 'Rejected', { by: 'terminal' });
      })
      .catch(() => undefined);
  }
  try {
    for (;;) {
      const rec = store.getApproval(token)!;
      if (rec.status !== 'Pending') {
        ctx.log(
          `${rec.status.toLowerCase()}${rec.decidedBy ? ` (${rec.decidedBy})` : ''}${rec.summary ? `: ${rec.summary}` : ''}`,
        );
        return result(rec, timeoutMinutes);
      }
      if (ctx.signal.aborted)
        return { status: 'Failed', summary: 'abandoned while waiting for approval', externalExecutionId: token };
      const left = expires - clock.now();
      if (left <= 0) {
        store.decideApproval(token, 'Expired', { by: 'timeout' });
        continue;
      }
      await clock.sleep(Math.min(ctx.services.approvalPollMs, left), ctx.signal);
    }
  } finally {
    stopPrompt.abort();
  }
}

export const manualApprovalProvider: ActionProvider = {
  types: [{ category: 'Approval', owner: 'AWS', provider: 'Manual', version: '1' }],
  run,
};
