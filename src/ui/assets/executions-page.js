// The executions page: every pipeline execution and standalone build of the state folder, newest first,
// filtered and paged by the server (SQL LIMIT/OFFSET, so 5,000 rows cost what 50 do). The list refreshes
// when the history changes (an SSE stream of the first page's summary), and known pipelines can be started.
import { useEffect, useState } from '/vendor/hooks.js';
import { duration, getJson, html, postJson, shortId, Status, subscribe, when } from './api.js';

const PAGE = 50;
const STATUSES = ['InProgress', 'Succeeded', 'Failed', 'Stopped', 'Stopping', 'Superseded', 'Fault', 'Timed_Out'];

function trigger(row) {
  if (row.kind === 'build') return 'codelocal build';
  const t = row.trigger ?? {};
  return t.triggerDetail ? `${t.triggerType ?? ''} · ${t.triggerDetail}` : (t.triggerType ?? '');
}

function Row({ row }) {
  const href =
    row.kind === 'pipeline' ? `#/pipeline/${encodeURIComponent(row.id)}` : `#/build/${encodeURIComponent(row.id)}`;
  const end = row.endTime ? new Date(row.endTime).toISOString() : undefined;
  return html`<tr>
    <td><span class="kind">${row.kind}</span></td>
    <td>${row.name}</td>
    <td><a href=${href} title=${row.id}>${shortId(row.id)}</a></td>
    <td><${Status} value=${row.status} /></td>
    <td class="muted">
      ${trigger(row)}${row.revision ? html` · <code>${String(row.revision).slice(0, 10)}</code>` : ''}
    </td>
    <td>${when(new Date(row.startTime).toISOString())}</td>
    <td>${duration(new Date(row.startTime).toISOString(), end)}</td>
  </tr>`;
}

function StartRun() {
  const [pipelines, setPipelines] = useState([]);
  const [chosen, setChosen] = useState('');
  const [error, setError] = useState('');
  useEffect(() => {
    getJson('/api/pipelines').then(
      (r) => setPipelines(r.pipelines),
      (e) => setError(e.message),
    );
  }, []);
  if (pipelines.length === 0) return null;
  const start = async () => {
    setError('');
    try {
      const r = await postJson(`/api/pipelines/${encodeURIComponent(chosen || pipelines[0])}/start`);
      location.hash = `#/pipeline/${encodeURIComponent(r.pipelineExecutionId)}`;
    } catch (e) {
      setError(e.message);
    }
  };
  return html`<div class="start">
    <select value=${chosen || pipelines[0]} onChange=${(e) => setChosen(e.target.value)} aria-label="pipeline to start">
      ${pipelines.map((p) => html`<option value=${p}>${p}</option>`)}
    </select>
    <button onClick=${start}>Release change</button>
    ${error && html`<span class="error">${error}</span>`}
  </div>`;
}

export function ExecutionsPage() {
  const [filter, setFilter] = useState({ name: '', status: '', kind: '' });
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState({ rows: [], total: 0, names: [] });
  const [error, setError] = useState('');
  const [tick, setTick] = useState(0);
  useEffect(() => subscribe('/api/runs/events', { changed: () => setTick((t) => t + 1) }), []);
  useEffect(() => {
    const q = new URLSearchParams({ ...filter, offset: String(offset), limit: String(PAGE) });
    getJson(`/api/runs?${q}`).then(setPage, (e) => setError(e.message));
  }, [filter, offset, tick]);
  const set = (key) => (e) => {
    setOffset(0);
    setFilter({ ...filter, [key]: e.target.value });
  };
  const last = Math.min(offset + PAGE, page.total);
  return html`<section>
    <div class="toolbar">
      <h1>Executions</h1>
      <${StartRun} />
    </div>
    <div class="filters">
      <select value=${filter.name} onChange=${set('name')} aria-label="pipeline or project">
        <option value="">all pipelines and projects</option>
        ${page.names.map((n) => html`<option value=${n}>${n}</option>`)}
      </select>
      <select value=${filter.status} onChange=${set('status')} aria-label="status">
        <option value="">any status</option>
        ${STATUSES.map((s) => html`<option value=${s}>${s}</option>`)}
      </select>
      <select value=${filter.kind} onChange=${set('kind')} aria-label="kind">
        <option value="">pipelines and builds</option>
        <option value="pipeline">pipelines</option>
        <option value="build">builds</option>
      </select>
    </div>
    ${error && html`<p class="error">${error}</p>`}
    <table class="runs">
      <thead>
        <tr>
          <th>Kind</th>
          <th>Name</th>
          <th>Id</th>
          <th>Status</th>
          <th>Trigger / revision</th>
          <th>Started</th>
          <th>Duration</th>
        </tr>
      </thead>
      <tbody>
        ${page.rows.map((row) => html`<${Row} key=${row.id} row=${row} />`)}
      </tbody>
    </table>
    ${page.total === 0 && html`<p class="muted">Nothing recorded yet: run <code>codelocal pipeline run FILE</code> or <code>codelocal build</code>.</p>`}
    <div class="pager">
      <button disabled=${offset === 0} onClick=${() => setOffset(Math.max(0, offset - PAGE))}>Newer</button>
      <span>${page.total ? `${offset + 1}–${last} of ${page.total}` : ''}</span>
      <button disabled=${last >= page.total} onClick=${() => setOffset(offset + PAGE)}>Older</button>
    </div>
  </section>`;
}
