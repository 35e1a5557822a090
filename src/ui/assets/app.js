// The single-page app of `codelocal ui`: three pages chosen by the URL's hash (#/, #/pipeline/ID,
// #/build/ID), so a link printed by `pipeline run --ui` opens straight on its execution.
import { render } from '/vendor/preact.js';
import { useEffect, useState } from '/vendor/hooks.js';
import { html } from './api.js';
import { ExecutionsPage } from './executions-page.js';
import { ExecutionPage } from './execution-page.js';
import { BuildPage } from './build-page.js';

function route() {
  const [, kind, id] = location.hash.match(/^#\/(pipeline|build)\/(.+)$/) ?? [];
  return kind ? { kind, id: decodeURIComponent(id) } : { kind: 'list' };
}

function App() {
  const [r, setR] = useState(route());
  useEffect(() => {
    const on = () => setR(route());
    addEventListener('hashchange', on);
    return () => removeEventListener('hashchange', on);
  }, []);
  let page = html`<${ExecutionsPage} />`;
  if (r.kind === 'pipeline') page = html`<${ExecutionPage} key=${r.id} id=${r.id} />`;
  if (r.kind === 'build') page = html`<${BuildPage} key=${r.id} id=${r.id} />`;
  return html`<header class="top">
      <a href="#/" class="brand">codelocal</a><span class="muted">local pipelines and builds</span>
    </header>
    <main>${page}</main>`;
}

render(html`<${App} />`, document.getElementById('app'));
