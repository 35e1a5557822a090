/**
 * The state-changing side of the UI server, each the same operation as its CLI command: approve/reject
 * (`pipeline approve`, PutApprovalResult), retry (`pipeline retry`, RetryStageExecution), stop (`pipeline
 * stop`, StopPipelineExecution) and start a known pipeline again with what its last run recorded
 * (`pipeline run FILE ...`). The token guard (token.ts) has already checked the request.
 */
import type { Hono } from 'hono';
import {
  approvePipelineAction,
  knownPipelines,
  retryPipeline,
  runPipeline,
  stopPipelineExecution,
} from '../api/index.js';
import { InputError } from '../errors.js';
import { jsonBody, notFound, optionalString, type UiContext } from './context.js';

function required(body: Record<string, unknown>, key: string): string {
  const v = optionalString(body, key);
  if (v === undefined) throw new InputError('UI_REQUEST_INVALID', `${key} is required`);
  return v;
}

export function actionRoutes(app: Hono, ui: UiContext): void {
  app.post('/api/pipeline-executions/:id/approve', async (c) => {
    const body = await jsonBody(c);
    const status = required(body, 'status');
    if (status !== 'Approved' && status !== 'Rejected') {
      throw new InputError('UI_REQUEST_INVALID', `status must be Approved or Rejected, got ${status}`);
    }
    const rec = approvePipelineAction({
      ...ui.state,
      executionId: c.req.param('id'),
      stage: required(body, 'stage'),
      action: required(body, 'action'),
      status,
      summary: optionalString(body, 'summary'),
      token: optionalString(body, 'token'),
      by: 'codelocal ui',
    });
    return c.json({ status: rec.status, stage: rec.stage, action: rec.action, executionId: rec.executionId });
  });
  app.post('/api/pipeline-executions/:id/retry', async (c) => {
    const body = await jsonBody(c);
    const mode = optionalString(body, 'retryMode') === 'ALL_ACTIONS' ? 'ALL_ACTIONS' : 'FAILED_ACTIONS';
    const id = await ui.runs.start((engine) =>
      retryPipeline({ ...ui.state, ...engine, executionId: c.req.param('id'), retryMode: mode }),
    );
    return c.json({ pipelineExecutionId: id }, 202);
  });
  app.post('/api/pipeline-executions/:id/stop', async (c) => {
    const body = await jsonBody(c);
    const r = stopPipelineExecution({
      ...ui.state,
      executionId: c.req.param('id'),
      abandon: body.abandon === true,
      reason: optionalString(body, 'reason') ?? 'Stopped from codelocal ui',
    });
    return c.json(r);
  });
  app.post('/api/pipelines/:name/start', async (c) => {
    const name = c.req.param('name');
    const known = knownPipelines(ui.state).find((p) => p.pipelineName === name);
    if (!known) throw notFound(`a run of pipeline ${name}`);
    const s = known.settings;
    const id = await ui.runs.start((engine) =>
      runPipeline({
        ...ui.state,
        ...engine,
        cwd: s.cwd,
        file: s.file,
        projectFiles: s.projectFiles,
        sourceOverrides: s.sourceOverrides,
        parameterOverrides: s.parameterOverrides,
        region: s.region,
        maxParallel: s.maxParallel,
        ...(s.skip ? { skip: s.skip } : {}),
        ...(s.until ? { until: s.until } : {}),
        ...(s.artifactDirs ? { artifactDirs: s.artifactDirs } : {}),
      }),
    );
    return c.json({ pipelineExecutionId: id }, 202);
  });
}
