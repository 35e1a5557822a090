/**
 * Every answer the UI server gives about one execution and one build: the JSON reads and the text of each
 * log stream (read for a moment, the streams never end by themselves), so a test can assert what is in
 * none of them (a secret) and what is in one of them (its masked echo).
 */
import type { UiServer } from '../../../src/ui/index.js';

async function readFor(url: string, ms: number): Promise<string> {
  const res = await fetch(url);
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  const stop = setTimeout(() => void reader.cancel(), ms);
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
  } catch {
    // cancelled
  } finally {
    clearTimeout(stop);
  }
  return text;
}

export async function collectAnswers(server: UiServer, executionId: string, buildId: string): Promise<string[]> {
  const base = server.url.replace(/\/$/, '');
  const e = encodeURIComponent(executionId);
  const json = async (path: string) => (await fetch(base + path)).text();
  const view = await json(`/api/pipeline-executions/${e}`);
  const out = [
    await json('/'),
    await json('/api/runs'),
    await json('/api/pipelines'),
    view,
    await json(`/api/builds/${encodeURIComponent(buildId)}`),
    await readFor(`${base}/api/builds/${encodeURIComponent(buildId)}/log`, 600),
    await readFor(`${base}/api/pipeline-executions/${e}/events`, 300),
  ];
  const details = (JSON.parse(view) as { execution: { actionExecutionDetails: { actionExecutionId: string }[] } })
    .execution.actionExecutionDetails;
  for (const d of details) {
    out.push(await readFor(`${base}/api/pipeline-executions/${e}/actions/${d.actionExecutionId}/log`, 400));
  }
  return out;
}
