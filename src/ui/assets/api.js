// The page's one way to talk to the server (docs/ui.md): JSON reads, state changes with the server token
// in a header (a page of another origin cannot read the token, so it cannot send one), and server-sent
// events for everything live. Plus the small formatting helpers every page shares.
import { h } from '/vendor/preact.js';
import htm from '/vendor/htm.js';

export const html = htm.bind(h);

const TOKEN = document.querySelector('meta[name="codelocal-token"]')?.getAttribute('content') ?? '';
// Off loopback the server wants the token on every request; an EventSource cannot send headers.
const QUERY_TOKEN = new URLSearchParams(location.search).get('token');

function withToken(url) {
  return QUERY_TOKEN ? `${url}${url.includes('?') ? '&' : '?'}token=${encodeURIComponent(QUERY_TOKEN)}` : url;
}

async function answer(r) {
  const body = await r.json().catch(() => ({}));
  if (!r.ok) throw new Error(body.message ? `${body.code}: ${body.message}` : `HTTP ${r.status}`);
  return body;
}

export async function getJson(url) {
  return answer(await fetch(withToken(url), { headers: { 'x-codelocal-token': TOKEN } }));
}

export async function postJson(url, body = {}) {
  const r = await fetch(withToken(url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-codelocal-token': TOKEN },
    body: JSON.stringify(body),
  });
  return answer(r);
}

/** Listens to named events of an SSE stream (data is JSON); returns the function that closes it. */
export function subscribe(url, handlers) {
  const es = new EventSource(withToken(url));
  for (const [name, fn] of Object.entries(handlers)) es.addEventListener(name, (e) => fn(JSON.parse(e.data)));
  return () => es.close();
}

export function statusClass(status) {
  return `status status-${String(status ?? 'unknown')
    .replace(/_/g, '')
    .toLowerCase()}`;
}

export function Status({ value }) {
  return html`<span class=${statusClass(value)}>${value ?? '—'}</span>`;
}

export function duration(start, end) {
  if (!start) return '';
  const ms = (end ? new Date(end).getTime() : Date.now()) - new Date(start).getTime();
  if (!(ms >= 0)) return '';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m}m ${s % 60}s` : `${Math.floor(m / 60)}h ${m % 60}m`;
}

export function when(iso) {
  return iso ? new Date(iso).toLocaleString() : '';
}

export function shortId(id) {
  return String(id).length > 13 ? `${String(id).slice(0, 8)}…` : id;
}
