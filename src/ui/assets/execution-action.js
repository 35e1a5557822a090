// The chosen action of the execution page: Review (approve/reject with a comment) when it is a waiting
// Manual approval, a link to the build page for a CodeBuild action, its live log, the configuration as
// resolved for this attempt (variables substituted), its output variables and output artifacts.
import { useEffect, useState } from '/vendor/hooks.js';
import { getJson, html, postJson, Status } from './api.js';
import { LogView } from './log-view.js';

function Review({ execution, detail, onError }) {
  const [comment, setComment] = useState('');
  const decide = (status) =>
    postJson(`/api/pipeline-executions/${encodeURIComponent(execution.pipelineExecutionId)}/approve`, {
      stage: detail.stageName,
      action: detail.actionName,
      status,
      summary: comment || undefined,
    }).catch((e) => onError(e.message));
  return html`<div class="review">
    <h3>Review</h3>
    <textarea
      placeholder="Comment (optional, up to 512 characters)"
      maxlength="512"
      value=${comment}
      onInput=${(e) => setComment(e.target.value)}
    ></textarea>
    <div>
      <button class="primary" onClick=${() => decide('Approved')}>Approve</button>
      <button class="danger" onClick=${() => decide('Rejected')}>Reject</button>
    </div>
  </div>`;
}

function Artifact({ execution, detail, name }) {
  const [files, setFiles] = useState(null);
  const base = `/api/pipeline-executions/${encodeURIComponent(execution.pipelineExecutionId)}/actions/${encodeURIComponent(detail.actionExecutionId)}/artifacts/${encodeURIComponent(name)}`;
  useEffect(() => {
    getJson(base).then(
      (r) => setFiles(r.files),
      () => setFiles([]),
    );
  }, [base]);
  return html`<div class="artifact">
    <strong>${name}</strong> <a href=${`${base}/download`} download>download zip</a>
    <ul class="files">
      ${(files ?? []).slice(0, 200).map((f) => html`<li><code>${f.name}</code> <span class="muted">${f.size} B</span></li>`)}
    </ul>
    ${files && files.length > 200 ? html`<div class="muted">… ${files.length - 200} more</div>` : ''}
  </div>`;
}

function Table({ rows }) {
  if (rows.length === 0) return html`<p class="muted">—</p>`;
  return html`<table class="kv">
    ${rows.map(
      ([k, v]) =>
        html`<tr>
          <td><code>${k}</code></td>
          <td>${v}</td>
        </tr>`,
    )}
  </table>`;
}

export function ActionPanel({ execution, detail, onError }) {
  const category = detail.input?.actionTypeId?.category;
  const provider = detail.input?.actionTypeId?.provider;
  const buildId = provider === 'CodeBuild' ? detail.output.executionResult.externalExecutionId : undefined;
  const logUrl = `/api/pipeline-executions/${encodeURIComponent(execution.pipelineExecutionId)}/actions/${encodeURIComponent(detail.actionExecutionId)}/log`;
  return html`<div class="panel" data-testid="action-panel">
    <div class="toolbar">
      <h2>${detail.stageName}.${detail.actionName}</h2>
      <${Status} value=${detail.status} />
      ${buildId && html`<a href=${`#/build/${encodeURIComponent(buildId)}`}>View build details</a>`}
    </div>
    ${category === 'Approval' && detail.status === 'InProgress' && html`<${Review} execution=${execution} detail=${detail} onError=${onError} />`}
    <${LogView} url=${detail.codelocal.logPath ? logUrl : ''} />
    <div class="columns">
      <div>
        <h3>Resolved configuration</h3>
        <${Table} rows=${Object.entries(detail.input?.resolvedConfiguration ?? {})} />
      </div>
      <div>
        <h3>Output variables</h3>
        <${Table} rows=${Object.entries(detail.output.outputVariables ?? {})} />
      </div>
      <div>
        <h3>Output artifacts</h3>
        ${detail.output.outputArtifacts.length === 0 ? html`<p class="muted">—</p>` : ''}
        ${detail.output.outputArtifacts.map((a) => html`<${Artifact} key=${a.name} execution=${execution} detail=${detail} name=${a.name} />`)}
      </div>
    </div>
  </div>`;
}
