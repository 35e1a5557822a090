/** One line per recorded event for `codelocal events` (the JSON form is the event itself, docs/events.md). */
import type { AwsEvent } from '../../model/index.js';

const str = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');
const short = (id: unknown) => str(id).slice(0, 8);

/** What the event is about, in the words the other renderers use (pipeline, execution, stage, action, build). */
function summary(e: AwsEvent): { kind: string; text: string } {
  const d = (e.detail ?? {}) as Record<string, unknown>;
  switch (e['detail-type']) {
    case 'CodePipeline Pipeline Execution State Change': {
      const trigger = (d['execution-trigger'] as Record<string, unknown> | undefined)?.['trigger-type'];
      return {
        kind: 'pipeline',
        text: `${str(d.pipeline)} ${short(d['execution-id'])} ${str(d.state)}${trigger ? ` (${str(trigger)})` : ''}`,
      };
    }
    case 'CodePipeline Stage Execution State Change':
      return { kind: 'stage', text: `${str(d.pipeline)} ${short(d['execution-id'])} ${str(d.stage)} ${str(d.state)}` };
    case 'CodePipeline Action Execution State Change': {
      const t = (d.type ?? {}) as Record<string, unknown>;
      return {
        kind: 'action',
        text: `${str(d.pipeline)} ${short(d['execution-id'])} ${str(d.stage)}.${str(d.action)} ${str(d.state)} (${str(t.provider)})`,
      };
    }
    case 'CodeBuild Build State Change': {
      const arn = str(d['build-id']);
      return { kind: 'build', text: `${arn.slice(arn.lastIndexOf('/') + 1)} ${str(d['build-status'])}` };
    }
    default:
      return { kind: e.source, text: e['detail-type'] };
  }
}

export function renderEventLine(e: AwsEvent): string {
  const { kind, text } = summary(e);
  return `${e.time}  ${kind.padEnd(8)}  ${text}\n`;
}
