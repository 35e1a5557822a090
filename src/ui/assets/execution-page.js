// The pipeline execution page, laid out like the CodePipeline console: stages left to right, actions as
// cards by runOrder (parallel actions stacked), live status from an SSE stream of the execution, the
// revisions and variables, and under the stages the chosen action: its live log, resolved configuration,
// output variables and output artifacts (file list, download). Approve/Reject, Retry and Stop act here, and
// each stage's inbound transition is shown and switched between the columns (execution-transition.js).
import { useEffect, useState } from '/vendor/hooks.js';
import { duration, html, postJson, shortId, Status, subscribe, when } from './api.js';
import { ActionPanel } from './execution-action.js';
import { Transition, waitsAt } from './execution-transition.js';

/** The newest attempt of each action, by "Stage.Action" (ListActionExecutions lists newest first). */
function latest(execution) {
  const out = new Map();
  for (const d of execution.actionExecutionDetails) {
    const k = `${d.stageName}.${d.actionName}`;
    if (!out.has(k)) out.set(k, d);
  }
  return out;
}

function groups(stage) {
  const by = new Map();
  for (const a of stage.actions) by.set(a.runOrder, [...(by.get(a.runOrder) ?? []), a]);
  return [...by.entries()].sort((x, y) => x[0] - y[0]).map(([, list]) => list);
}

function ActionCard({ stage, action, detail, selected, onSelect }) {
  const summary = detail?.output?.executionResult?.externalExecutionSummary;
  const tone = `card-${String(detail?.status ?? 'none').toLowerCase()}`;
  return html`<div
    class=${`card ${tone} ${selected ? 'selected' : ''}`}
    data-action=${`${stage}.${action.name}`}
    onClick=${() => detail && onSelect(detail.actionExecutionId)}
  >
    <div class="card-head"><strong>${action.name}</strong><span class="muted">${action.provider}</span></div>
    <${Status} value=${detail?.status ?? 'Didn’t run'} />
    ${detail && detail.codelocal.attempt > 1 ? html`<span class="muted"> attempt ${detail.codelocal.attempt}</span>` : ''}
    ${summary && html`<div class="summary">${summary}</div>`}
    ${detail && html`<div class="muted small">${duration(detail.startTime, detail.status === 'InProgress' ? undefined : detail.lastUpdateTime)}</div>`}
  </div>`;
}

function StageColumn({ stage, state, waiting, details, selected, onSelect }) {
  return html`<div class="stage" data-stage=${stage.name}>
    <div class="stage-head">
      <h3>${stage.name}</h3>
      <${Status} value=${state?.status ?? (waiting ? 'Waiting' : 'Not started')} />
    </div>
    ${groups(stage).map(
      (list) =>
        html`<div class="group">
          ${list.map(
            (a) =>
              html`<${ActionCard}
                stage=${stage.name}
                action=${a}
                detail=${details.get(`${stage.name}.${a.name}`)}
                selected=${selected === details.get(`${stage.name}.${a.name}`)?.actionExecutionId}
                onSelect=${onSelect}
              />`,
          )}
        </div>`,
    )}
  </div>`;
}

function Controls({ execution, onError }) {
  const id = encodeURIComponent(execution.pipelineExecutionId);
  const act = (path, body) => postJson(`/api/pipeline-executions/${id}/${path}`, body).catch((e) => onError(e.message));
  const running = execution.status === 'InProgress' || execution.status === 'Stopping';
  const retriable = execution.status === 'Failed' || execution.status === 'Stopped';
  return html`<div class="controls">
    ${running && html`<button onClick=${() => act('stop', {})}>Stop execution</button>`}
    ${running && html`<button onClick=${() => act('stop', { abandon: true })}>Stop and abandon</button>`}
    ${retriable && html`<button class="primary" onClick=${() => act('retry', { retryMode: 'FAILED_ACTIONS' })}>Retry failed actions</button>`}
    ${retriable && html`<button onClick=${() => act('retry', { retryMode: 'ALL_ACTIONS' })}>Retry stage</button>`}
  </div>`;
}

function Facts({ execution }) {
  const c = execution.codelocal;
  return html`<div class="facts">
    <div><span class="muted">Started</span> ${when(c.startTime)} (${duration(c.startTime, c.endTime)})</div>
    <div><span class="muted">Trigger</span> ${execution.trigger.triggerType} · ${execution.trigger.triggerDetail}</div>
    ${execution.statusSummary && html`<div><span class="muted">Summary</span> ${execution.statusSummary}</div>`}
    <div>
      <span class="muted">Revisions</span> ${execution.artifactRevisions.length === 0 ? '—' : ''}
      ${execution.artifactRevisions.map((r) => html`<span class="rev" title=${r.revisionSummary ?? ''}>${r.name}: <code>${String(r.revisionId).slice(0, 12)}</code> ${r.revisionSummary ? String(r.revisionSummary).split('\n')[0] : ''}</span>`)}
    </div>
    ${
      execution.variables.length > 0 &&
      html`<div>
        <span class="muted">Variables</span>
        ${execution.variables.map((v) => html`<span class="rev"><code>${v.name}</code>=${v.resolvedValue}</span>`)}
      </div>`
    }
  </div>`;
}

export function ExecutionPage({ id }) {
  const [data, setData] = useState(null);
  const [picked, setPicked] = useState(null);
  const [error, setError] = useState('');
  useEffect(() => subscribe(`/api/pipeline-executions/${encodeURIComponent(id)}/events`, { execution: setData }), [id]);
  if (!data) return html`<p class="muted">Loading execution ${id}…</p>`;
  const { execution, stages } = data;
  const details = latest(execution);
  // Until the user picks one, follow the newest action that is running (else the newest one).
  const running = execution.actionExecutionDetails.find((d) => d.status === 'InProgress');
  const selectedId = picked ?? (running ?? execution.actionExecutionDetails[0])?.actionExecutionId;
  const selected = execution.actionExecutionDetails.find((d) => d.actionExecutionId === selectedId);
  return html`<section>
    <div class="toolbar">
      <h1>${execution.pipelineName} <${Status} value=${execution.status} /></h1>
      <span class="muted" title=${execution.pipelineExecutionId}
        >execution ${shortId(execution.pipelineExecutionId)}</span
      >
      <${Controls} execution=${execution} onError=${setError} />
    </div>
    ${error && html`<p class="error">${error}</p>`}
    <${Facts} execution=${execution} />
    <div class="stages">
      ${stages.map((s, i) => {
        // The inbound transition of every stage after the first, drawn between the columns as the console does.
        const stageState = data.pipelineState?.stageStates.find((x) => x.stageName === s.name);
        return html`${
            i > 0 &&
            stageState &&
            html`<${Transition}
              pipeline=${execution.pipelineName}
              stageState=${stageState}
              executionId=${execution.pipelineExecutionId}
              onError=${setError}
            />`
          }
          <${StageColumn}
            stage=${s}
            state=${execution.codelocal.stages.find((x) => x.name === s.name)}
            waiting=${waitsAt(stageState, execution.pipelineExecutionId)}
            details=${details}
            selected=${selectedId}
            onSelect=${setPicked}
          />`;
      })}
    </div>
    ${selected && html`<${ActionPanel} execution=${execution} detail=${selected} onError=${setError} />`}
  </section>`;
}
