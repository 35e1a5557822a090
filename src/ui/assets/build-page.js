// The build page: the build log streamed live ([Container] lines styled), the phases as a timeline with
// their durations, exported variables, test and coverage reports, and artifacts, from the Build object
// the history records (batch-get-builds shape) and refreshed by an SSE stream while the build runs.
import { useEffect, useState } from '/vendor/hooks.js';
import { duration, html, Status, subscribe, when } from './api.js';
import { LogView } from './log-view.js';

const ENTER = /^\[Container\] (\S+ \S+) Entering phase (\w+)/;
const DONE = /^\[Container\] \S+ \S+ Phase complete: (\w+) State: (\w+)/;
const seconds = (stamp) => new Date(`${stamp.replace(/\//g, '-').replace(' ', 'T')}Z`).getTime() / 1000;

/** While the build runs (no Build object yet), its phases as the agent's [Container] lines announce them. */
export function phasesFromLog(lines) {
  const out = [];
  for (const line of lines) {
    const enter = ENTER.exec(line);
    if (enter) out.push({ phaseType: enter[2], start: seconds(enter[1]) });
    const done = DONE.exec(line);
    const last = out[out.length - 1];
    if (done && last && last.phaseType === done[1]) last.phaseStatus = done[2];
  }
  return out.map((p, i) => ({
    ...p,
    phaseStatus: p.phaseStatus ?? (i === out.length - 1 ? 'IN_PROGRESS' : undefined),
    durationInSeconds: i + 1 < out.length ? Math.max(0, Math.round(out[i + 1].start - p.start)) : undefined,
  }));
}

function Timeline({ phases }) {
  if (!phases || phases.length === 0) return html`<p class="muted">No phase has started yet.</p>`;
  const total = phases.reduce((n, p) => n + Math.max(p.durationInSeconds ?? 0, 0), 0) || 1;
  return html`<div class="timeline">
    ${phases.map(
      (p) =>
        html`<div
          class=${`phase status-${String(p.phaseStatus ?? 'inprogress')
            .replace(/_/g, '')
            .toLowerCase()}`}
          style=${`flex-grow:${Math.max(p.durationInSeconds ?? 0, 0) / total + 0.04}`}
          title=${(p.contexts ?? []).map((c) => c.message).join('\n')}
        >
          <div class="phase-name">${p.phaseType}</div>
          <div class="small">
            ${p.phaseStatus ?? ''} ${p.durationInSeconds !== undefined ? `${p.durationInSeconds}s` : ''}
          </div>
        </div>`,
    )}
  </div>`;
}

function Report({ report }) {
  const t = report.testSummary;
  const cov = report.codeCoverageSummary;
  return html`<div class="report">
    <div>
      <strong>${report.name}</strong> <span class="muted">${report.type}</span> <${Status} value=${report.status} />
    </div>
    ${
      t &&
      html`<div class="muted">
        ${`${t.total} tests: ${Object.entries(t.statusCounts)
          .filter(([, n]) => n > 0)
          .map(([s, n]) => `${n} ${s.toLowerCase()}`)
          .join(', ')}`}
      </div>`
    }
    ${cov && html`<div>line coverage ${cov.lineCoveragePercentage}% · branch coverage ${cov.branchCoveragePercentage}%</div>`}
    ${
      report.testCases &&
      html`<table class="kv">
        ${report.testCases.slice(0, 200).map(
          (c) =>
            html`<tr>
              <td><${Status} value=${c.status} /></td>
              <td>${c.prefix ? `${c.prefix} › ` : ''}${c.name}</td>
              <td class="muted">${c.message ?? ''}</td>
            </tr>`,
        )}
      </table>`
    }
  </div>`;
}

function artifactRows(build) {
  const list = [build.artifacts, ...(build.secondaryArtifacts ?? [])].filter((a) => a && a.location);
  return list.map((a) => html`<li><code>${a.artifactIdentifier ?? 'primary'}</code> ${a.location}</li>`);
}

export function BuildPage({ id }) {
  const [rec, setRec] = useState(null);
  const [lines, setLines] = useState([]);
  useEffect(() => subscribe(`/api/builds/${encodeURIComponent(id)}/events`, { build: setRec }), [id]);
  if (!rec) return html`<p class="muted">Loading build ${id}…</p>`;
  const b = rec.build ?? {};
  const reports = b.codelocal?.reports ?? [];
  const exported = b.exportedEnvironmentVariables ?? [];
  return html`<section>
    <div class="toolbar">
      <h1>${rec.projectName}${rec.buildNumber ? ` #${rec.buildNumber}` : ''} <${Status} value=${rec.buildStatus} /></h1>
      <span class="muted">${rec.id}</span>
      ${rec.pipelineExecutionId && html`<a href=${`#/pipeline/${encodeURIComponent(rec.pipelineExecutionId)}`}>pipeline execution</a>`}
    </div>
    <div class="facts">
      <div><span class="muted">Started</span> ${when(rec.startTime)} (${duration(rec.startTime, rec.endTime)})</div>
      ${b.resolvedSourceVersion && html`<div><span class="muted">Source version</span> <code>${b.resolvedSourceVersion}</code></div>`}
    </div>
    <h2>Phases</h2>
    <${Timeline} phases=${b.phases ?? phasesFromLog(lines)} />
    <h2>Log</h2>
    <${LogView} url=${`/api/builds/${encodeURIComponent(id)}/log`} onLines=${setLines} />
    <div class="columns">
      <div>
        <h3>Exported variables</h3>
        ${
          exported.length === 0
            ? html`<p class="muted">—</p>`
            : html`<table class="kv">
                ${exported.map(
                  (v) =>
                    html`<tr>
                      <td><code>${v.name}</code></td>
                      <td>${v.value}</td>
                    </tr>`,
                )}
              </table>`
        }
      </div>
      <div>
        <h3>Artifacts</h3>
        <ul class="files">
          ${artifactRows(b)}
        </ul>
        ${artifactRows(b).length === 0 ? html`<p class="muted">—</p>` : ''}
      </div>
    </div>
    <h2>Reports</h2>
    ${reports.length === 0 ? html`<p class="muted">—</p>` : reports.map((r) => html`<${Report} report=${r} />`)}
  </section>`;
}
