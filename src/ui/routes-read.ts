/**
 * The read side of the UI server's JSON API: the history page by page, one pipeline execution (the
 * GetPipelineExecution + ListActionExecutions view the CLI's `--json` prints), one build, the known
 * pipelines, an output artifact's file list and bytes, and the live streams (live.ts). Everything read
 * here was masked before it was written (src/stores/masking.ts), so nothing is unmasked on the way out.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { Readable } from 'node:stream';
import type { Hono } from 'hono';
import {
  artifactObjectPath,
  getBuildRecord,
  getExecution,
  getExecutionLayout,
  knownPipelines,
  listRunsPage,
  stateLocations,
} from '../api/index.js';
import { notFound, type UiContext } from './context.js';
import { logStream, snapshotStream } from './live.js';
import { executionPageView } from './transitions.js';
import { listZip } from './zip-listing.js';

const KINDS = new Set(['pipeline', 'build']);

function intParam(v: string | undefined, fallback: number): number {
  const n = Number(v);
  return Number.isInteger(n) && n >= 0 ? n : fallback;
}

function actionOf(ui: UiContext, executionId: string, actionExecutionId: string) {
  const view = getExecution({ ...ui.state, executionId });
  const a = view.actionExecutionDetails.find((d) => d.actionExecutionId === actionExecutionId);
  if (!a) throw notFound(`action execution ${actionExecutionId} of execution ${executionId}`);
  return a;
}

function artifactPath(ui: UiContext, executionId: string, actionExecutionId: string, name: string): string {
  const a = actionOf(ui, executionId, actionExecutionId);
  const art = a.output.outputArtifacts.find((o) => o.name === name);
  if (!art) throw notFound(`output artifact ${name} of ${a.stageName}.${a.actionName}`);
  const path = artifactObjectPath({ ...ui.state, bucket: art.s3location.bucket, key: art.s3location.key });
  if (!existsSync(path)) throw notFound(`the bytes of output artifact ${name}`);
  return path;
}

function buildOf(ui: UiContext, id: string) {
  const b = getBuildRecord({ ...ui.state, id });
  if (!b) throw notFound(`build ${id}`);
  return b;
}

export function readRoutes(app: Hono, ui: UiContext): void {
  app.get('/api/runs', (c) => {
    const q = c.req.query();
    const kind = KINDS.has(q.kind ?? '') ? (q.kind as 'pipeline' | 'build') : undefined;
    const started = performance.now();
    const page = listRunsPage({
      ...ui.state,
      name: q.name || undefined,
      status: q.status || undefined,
      kind,
      offset: intParam(q.offset, 0),
      limit: intParam(q.limit, 50),
    });
    // The server's own share of the answer (bench/ui-executions.mjs reads it; DevTools shows it too).
    c.header('server-timing', `history;dur=${(performance.now() - started).toFixed(1)}`);
    return c.json(page);
  });
  // The list page reloads its page when this says the history changed (at most 4 times a second).
  app.get('/api/runs/events', (c) =>
    snapshotStream(c, stateLocations(ui.state).root, 'changed', () => listRunsPage({ ...ui.state, limit: 50 }), 250),
  );
  app.get('/api/pipelines', (c) => c.json({ pipelines: knownPipelines(ui.state).map((p) => p.pipelineName) }));
  app.get('/api/pipeline-executions/:id', (c) => c.json(executionPageView(ui, c.req.param('id'))));
  app.get('/api/pipeline-executions/:id/events', (c) => {
    const executionId = getExecutionLayout({ ...ui.state, executionId: c.req.param('id') }).execution
      .pipelineExecutionId; // 400 now for an unknown id, not an empty stream
    // With the pipeline's state: a transition changed in any process reaches the page (transitions.ts).
    return snapshotStream(c, stateLocations(ui.state).root, 'execution', () => executionPageView(ui, executionId));
  });
  app.get('/api/pipeline-executions/:id/actions/:aid/log', (c) => {
    const a = actionOf(ui, c.req.param('id'), c.req.param('aid'));
    if (!a.codelocal.logPath) throw notFound(`a log of ${a.stageName}.${a.actionName}`);
    return logStream(c, a.codelocal.logPath);
  });
  app.get('/api/pipeline-executions/:id/actions/:aid/artifacts/:name', (c) => {
    const path = artifactPath(ui, c.req.param('id'), c.req.param('aid'), c.req.param('name'));
    return c.json({ files: listZip(path), size: statSync(path).size });
  });
  app.get('/api/pipeline-executions/:id/actions/:aid/artifacts/:name/download', (c) => {
    const name = c.req.param('name');
    const path = artifactPath(ui, c.req.param('id'), c.req.param('aid'), name);
    const body = Readable.toWeb(createReadStream(path)) as ReadableStream;
    return new Response(body, {
      headers: {
        'content-type': 'application/zip',
        'content-disposition': `attachment; filename="${name.replace(/[^\w.-]/g, '_')}.zip"`,
      },
    });
  });
  app.get('/api/builds/:id', (c) => c.json(buildOf(ui, c.req.param('id'))));
  app.get('/api/builds/:id/events', (c) => {
    const id = c.req.param('id');
    buildOf(ui, id);
    return snapshotStream(c, stateLocations(ui.state).root, 'build', () => buildOf(ui, id));
  });
  app.get('/api/builds/:id/log', (c) => {
    const b = buildOf(ui, c.req.param('id'));
    if (!b.logPath) throw notFound(`a log of build ${b.id}`);
    return logStream(c, b.logPath);
  });
}
