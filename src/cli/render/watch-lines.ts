/**
 * The lines `codelocal pipeline watch` prints: what each pipeline reacts to, each local event,
 * each execution's start (with its trigger), its actions' state changes and its end. Several
 * executions can run at once, so every line names its pipeline and short execution id.
 */
// Loaded on demand by the watch command: the API face is heavy, other commands must not load it.
import { describeEvent, describeRule, type WatchPipelinesOptions } from '../../api/index.js';
import { paint } from '../output.js';

type Hooks = Pick<
  WatchPipelinesOptions,
  'onWatching' | 'onLocalEvent' | 'onExecutionStart' | 'onExecutionEnd' | 'onPipelineEvent' | 'onError'
>;

function stamp(): string {
  return new Date().toISOString().slice(11, 19);
}

export function watchReporter(write: (line: string) => void): { say(m: string): void; hooks: Hooks } {
  const line = (m: string) => write(`[${stamp()}] ${m}`);
  const short = (id: string) => id.slice(0, 8);
  const hooks: Hooks = {
    onWatching(pipelines, routes) {
      write(`watching ${pipelines.length} pipeline(s) (Ctrl-C to stop):`);
      for (const p of pipelines) {
        write(`  ${p.name} (${p.file})`);
        for (const r of p.rules) write(`    ${describeRule(r)}`);
      }
      for (const { rule } of routes) {
        const targets = rule.targets.flatMap((t) => (t.pipelineName ? [t.pipelineName] : [t.arn])).join(', ');
        write(`  rule ${rule.name ?? rule.logicalId} (${rule.state}) -> ${targets}`);
      }
    },
    onLocalEvent: (e) => line(describeEvent(e)),
    onExecutionStart: (s) =>
      line(`${s.pipeline} ${short(s.executionId)}: started (${s.trigger.triggerType}: ${s.trigger.triggerDetail})`),
    onPipelineEvent(x, e) {
      if (e.type === 'action' && e.status !== 'InProgress') {
        line(
          `${x.pipeline} ${short(x.executionId)}: ${e.stage}.${e.action} ${e.status}${e.summary ? `: ${e.summary.split('\n')[0]}` : ''}`,
        );
      } else if (e.type === 'action') line(`${x.pipeline} ${short(x.executionId)}: ${e.stage}.${e.action} started`);
      else if (e.type === 'notice') line(`${x.pipeline} ${short(x.executionId)}: ${e.message}`);
    },
    onExecutionEnd(end) {
      if (end.error) {
        line(paint(`${end.pipeline}: could not start: ${end.error.message}`, 'red'));
        return;
      }
      const v = end.result!.execution;
      const color = v.status === 'Succeeded' ? 'green' : 'red';
      line(paint(`${end.pipeline} ${short(v.pipelineExecutionId)}: ${v.status}`, color));
    },
    onError: (e) => line(paint(`watch: ${e.message}`, 'yellow')),
  };
  return { say: (m) => line(m), hooks };
}
