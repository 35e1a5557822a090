// The inbound transition in front of a stage on the execution page, as the console draws it between two
// stage columns: enabled (a "Disable transition" button that asks for a reason) or disabled (the reason,
// who and when, an "Enable transition" button), and the executions waiting in front of the stage (held
// by the disabled transition or by another execution's lock). The state comes from GetPipelineState
// (`codelocal pipeline state`), live in the execution stream; the buttons post to the same function as
// `codelocal pipeline transition disable|enable`, which validates the reason as the CLI does.
import { useState } from '/vendor/hooks.js';
import { html, postJson, shortId, when } from './api.js';

function post(pipeline, stage, body) {
  return postJson(
    `/api/pipelines/${encodeURIComponent(pipeline)}/stages/${encodeURIComponent(stage)}/transition`,
    body,
  );
}

function Waiting({ stageState, executionId }) {
  const inbound = stageState.inboundExecutions ?? [];
  const lock = stageState.codelocal?.lockedBy;
  return html`${inbound.map(
    (w) =>
      html`<div class="waiting" data-waiting=${w.pipelineExecutionId}>
        ${'Waiting: '}<a href=${`#/pipeline/${encodeURIComponent(w.pipelineExecutionId)}`}
          >${shortId(w.pipelineExecutionId)}</a
        >
        ${w.pipelineExecutionId === executionId ? ' (this execution)' : ''}
      </div>`,
  )}
  ${lock && inbound.length > 0 && html`<div class="muted small">stage locked by ${shortId(lock)}</div>`}`;
}

function DisableForm({ onDisable, onCancel }) {
  const [reason, setReason] = useState('');
  return html`<div class="transition-form">
    <input
      placeholder="Reason (required)"
      maxlength="300"
      value=${reason}
      onInput=${(e) => setReason(e.target.value)}
    />
    <div>
      <button class="danger" onClick=${() => onDisable(reason)}>Disable</button>
      <button onClick=${onCancel}>Cancel</button>
    </div>
  </div>`;
}

export function Transition({ pipeline, stageState, executionId, onError }) {
  const [asking, setAsking] = useState(false);
  const t = stageState.inboundTransitionState;
  const stage = stageState.stageName;
  const change = (body) =>
    post(pipeline, stage, body).then(
      () => {
        setAsking(false);
        onError(''); // an earlier refusal (say, an invalid reason) no longer applies
      },
      (e) => onError(e.message),
    );
  return html`<div class=${`transition ${t.enabled ? '' : 'transition-disabled'}`} data-transition=${stage}>
    <div class="arrow">${t.enabled ? '→' : '⊘'}</div>
    ${
      t.enabled
        ? asking
          ? html`<${DisableForm}
              onDisable=${(reason) => change({ enabled: false, reason })}
              onCancel=${() => setAsking(false)}
            />`
          : html`<button onClick=${() => setAsking(true)}>Disable transition</button>`
        : html`<div class="small">
              <strong>Disabled</strong>: ${t.disabledReason ?? ''}
              <div class="muted">${t.lastChangedBy ?? ''} ${when(t.lastChangedAt)}</div>
            </div>
            <button class="primary" onClick=${() => change({ enabled: true })}>Enable transition</button>`
    }
    <${Waiting} stageState=${stageState} executionId=${executionId} />
  </div>`;
}

/** Whether this execution waits in front of the stage (then the stage shows "Waiting", not "Not started"). */
export function waitsAt(stageState, executionId) {
  return (stageState?.inboundExecutions ?? []).some((w) => w.pipelineExecutionId === executionId);
}
