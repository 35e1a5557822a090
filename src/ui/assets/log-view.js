// A log streamed live: the server sends the file from its start, then each write (fs.watch on the file).
// `[Container]` lines (the agent's own, as in CodeBuild's log) are styled apart from command output.
import { useEffect, useRef, useState } from '/vendor/hooks.js';
import { html, subscribe } from './api.js';

const MAX_LINES = 20000;

export function LogView({ url, onLines }) {
  const [log, setLog] = useState({ lines: [], partial: '' });
  const box = useRef(null);
  const follow = useRef(true);
  useEffect(() => {
    setLog({ lines: [], partial: '' });
    if (!url) return undefined;
    return subscribe(url, {
      log: (text) =>
        setLog((prev) => {
          const parts = (prev.partial + text).split('\n');
          const partial = parts.pop();
          const lines = prev.lines.concat(parts);
          return { lines: lines.length > MAX_LINES ? lines.slice(-MAX_LINES) : lines, partial };
        }),
    });
  }, [url]);
  useEffect(() => {
    if (follow.current && box.current) box.current.scrollTop = box.current.scrollHeight;
    onLines?.(log.lines);
  }, [log]);
  const onScroll = () => {
    const el = box.current;
    follow.current = el.scrollTop + el.clientHeight >= el.scrollHeight - 8;
  };
  const all = log.partial ? [...log.lines, log.partial] : log.lines;
  return html`<pre class="log" ref=${box} onScroll=${onScroll} data-testid="log">
${all.map(
      (l) => html`<div class=${l.startsWith('[Container]') ? 'line container' : 'line'}>${l || ' '}</div>`,
    )}${all.length === 0 ? html`<div class="line muted">(no output yet)</div>` : ''}</pre>`;
}
