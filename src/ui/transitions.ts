/**
 * Stage transitions on the execution page (docs/ui.md, "Transitions"): the execution view the page
 * streams carries the pipeline's GetPipelineState (the same function `codelocal pipeline state` calls),
 * so each stage's inbound transition and the executions waiting in front of it are live like the rest;
 * the POST route disables or enables a transition through the function `codelocal pipeline transition`
 * calls (DisableStageTransition / EnableStageTransition, docs/aws/codepipeline.md §5.7), which
 * validates the reason exactly as the CLI does. The token guard (token.ts) has already checked it.
 */
import type { Hono } from 'hono';
import { getExecutionLayout, pipelineState, setStageTransition, type PipelineStateView } from '../api/index.js';
import { InputError } from '../errors.js';
import { jsonBody, optionalString, type UiContext } from './context.js';

/** The pipeline's state, or undefined while nothing of it is recorded (the page then shows no controls). */
function stateOf(ui: UiContext, pipeline: string): PipelineStateView | undefined {
  try {
    return pipelineState({ ...ui.state, pipeline });
  } catch {
    return undefined;
  }
}

/** `getExecutionLayout` plus `pipelineState`: what the execution page's GET and SSE stream send. */
export function executionPageView(ui: UiContext, executionId: string) {
  const layout = getExecutionLayout({ ...ui.state, executionId });
  return { ...layout, pipelineState: stateOf(ui, layout.execution.pipelineName) };
}

export function transitionRoutes(app: Hono, ui: UiContext): void {
  // Inbound only: codelocal's transitions are the inbound ones, as `pipeline transition` sets them.
  app.post('/api/pipelines/:name/stages/:stage/transition', async (c) => {
    const body = await jsonBody(c);
    if (typeof body.enabled !== 'boolean') {
      throw new InputError('UI_REQUEST_INVALID', 'enabled must be true (enable) or false (disable)');
    }
    const t = setStageTransition({
      ...ui.state,
      pipeline: c.req.param('name'),
      stage: c.req.param('stage'),
      enabled: body.enabled,
      reason: optionalString(body, 'reason'),
    });
    return c.json({
      enabled: t.enabled,
      ...(t.lastChangedBy ? { lastChangedBy: t.lastChangedBy } : {}),
      ...(t.lastChangedAt ? { lastChangedAt: new Date(t.lastChangedAt).toISOString() } : {}),
      ...(t.disabledReason ? { disabledReason: t.disabledReason } : {}),
    });
  });
}
