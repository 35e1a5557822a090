/**
 * What a pipeline run shows while it goes. On a terminal (and without NO_COLOR): a block of
 * stages and actions with status and elapsed time, redrawn in place. Elsewhere (pipes, CI,
 * `--json`): plain lines prefixed `[Stage.Action]`, one per log line and status change, which
 * stay readable when interleaved.
 */
import type { PipelineDeclaration } from '../../model/index.js';
import type { PipelineEvent } from '../../engine/pipeline/index.js';
import { colorEnabled, paint, type Color } from '../output.js';

interface Row {
  stage: string;
  action?: string;
  status: string;
  started?: number;
  ended?: number;
  last?: string;
}

const STATUS_COLOR: Record<string, Color> = {
  Succeeded: 'green',
  Failed: 'red',
  Abandoned: 'red',
  InProgress: 'blue',
  Stopping: 'yellow',
  Stopped: 'yellow',
  Superseded: 'yellow',
  Skipped: 'gray',
};

function elapsed(r: Row, now: number): string {
  if (r.started === undefined) return '';
  return `${(((r.ended ?? now) - r.started) / 1000).toFixed(1)}s`;
}

export interface LiveView {
  onEvent(e: PipelineEvent): void;
  /** Stops redrawing (a prompt is being asked); resume() draws again. */
  suspend(): void;
  resume(): void;
  /** Final draw; leaves the cursor below the block. */
  close(): void;
}

/** Plain prefixed lines: for pipes, CI logs and `--json` (on stderr). */
export function plainView(stream: NodeJS.WritableStream): LiveView {
  const partial = new Map<string, string>();
  return {
    onEvent(e) {
      if (e.type === 'log') {
        const key = `${e.stage}.${e.action}`;
        const text = (partial.get(key) ?? '') + e.text;
        const lines = text.split('\n');
        partial.set(key, lines.pop() ?? '');
        for (const l of lines) stream.write(`[${key}] ${l}\n`);
      } else if (e.type === 'action') {
        stream.write(`[${e.stage}.${e.action}] ${e.status}${e.summary ? `: ${e.summary}` : ''}\n`);
      } else if (e.type === 'stage') {
        stream.write(`[${e.stage}] stage ${e.status}\n`);
      } else if (e.type === 'execution') {
        stream.write(
          `[${e.pipelineName}] execution ${e.executionId} ${e.status}${e.summary ? `: ${e.summary}` : ''}\n`,
        );
      } else {
        stream.write(`${e.message}\n`);
      }
    },
    suspend: () => undefined,
    resume: () => undefined,
    close() {
      for (const [key, rest] of partial) if (rest) stream.write(`[${key}] ${rest}\n`);
    },
  };
}

/** The redrawn block for terminals. */
export function terminalView(pipeline: PipelineDeclaration, stream: NodeJS.WriteStream = process.stdout): LiveView {
  const rows: Row[] = [];
  for (const s of pipeline.stages) {
    rows.push({ stage: s.name, status: '' });
    for (const a of [...s.actions].sort((x, y) => x.runOrder - y.runOrder))
      rows.push({ stage: s.name, action: a.name, status: '' });
  }
  const notices: string[] = [];
  let header = `pipeline ${pipeline.name}`;
  let drawn = 0;
  let suspended = false;
  const find = (stage: string, action?: string) => rows.find((r) => r.stage === stage && r.action === action);
  const color = (s: string) => (s && STATUS_COLOR[s] ? paint(s, STATUS_COLOR[s]!, stream) : s);
  const width = () => Math.max(40, (stream.columns ?? 100) - 1);
  const cut = (s: string) => (s.length > width() ? s.slice(0, width() - 1) + '…' : s);

  const draw = () => {
    if (suspended) return;
    const now = Date.now();
    const lines = [cut(header)];
    for (const r of rows) {
      if (!r.action) lines.push(cut(`${r.stage}  ${color(r.status || 'pending')}`));
      else {
        const base = `  ${r.action.padEnd(24)} ${(r.status || '·').padEnd(11)} ${elapsed(r, now).padStart(7)}`;
        const tail = r.status === 'InProgress' && r.last ? `  ${r.last}` : '';
        lines.push(cut(base + tail).replace(r.status, color(r.status)));
      }
    }
    let out = drawn > 0 ? `\u001b[${drawn}A` : '';
    for (const n of notices.splice(0)) out += `\u001b[2K${n}\n`;
    for (const l of lines) out += `\u001b[2K${l}\n`;
    stream.write(out);
    drawn = lines.length;
  };
  const timer = setInterval(draw, 250);
  timer.unref();

  return {
    onEvent(e) {
      if (e.type === 'execution') header = `pipeline ${e.pipelineName}  execution ${e.executionId}  ${color(e.status)}`;
      else if (e.type === 'stage') {
        const r = find(e.stage);
        if (r) r.status = e.status;
      } else if (e.type === 'action') {
        const r = find(e.stage, e.action);
        if (r) {
          if (e.status === 'InProgress') {
            r.started = e.time;
            r.ended = undefined;
            r.last = undefined;
          } else r.ended = e.time;
          r.status = e.status;
          if (e.summary && e.status !== 'InProgress' && e.status !== 'Succeeded')
            notices.push(`${e.stage}.${e.action}: ${e.summary}`);
        }
      } else if (e.type === 'log') {
        const r = find(e.stage, e.action);
        const last = e.text
          .split('\n')
          .filter((l) => l.trim())
          .pop();
        if (r && last) r.last = last.replace(/\u001b\[[0-9;]*m/g, '').trim();
        return;
      } else notices.push(e.message);
      draw();
    },
    suspend() {
      draw();
      suspended = true;
    },
    resume() {
      suspended = false;
      drawn = 0;
      draw();
    },
    close() {
      clearInterval(timer);
      suspended = false;
      draw();
    },
  };
}

/** The live block on a colour-capable terminal; plain lines everywhere else. */
export function liveView(pipeline: PipelineDeclaration, json: boolean): LiveView {
  if (!json && process.stdout.isTTY && colorEnabled(process.stdout)) return terminalView(pipeline, process.stdout);
  return plainView(json ? process.stderr : process.stdout);
}
