/**
 * `codelocal events [--follow] [--json] [--pattern]`: the EventBridge-shaped events runs recorded in the state
 * folder (docs/events.md); `codelocal events test-pattern` mirrors `aws events test-event-pattern`.
 * Following ends cleanly on Ctrl-C (or a closed stdout) with exit 0: stopping a reader loses nothing.
 */
import type { Command } from 'commander';
import type { AwsEvent } from '../../model/index.js';
import { onStopRequest } from '../../util/index.js';
import { printJson } from '../output.js';
import { renderEventLine } from '../render/events.js';
import { addOptions, fillOptions, setField, type CliOptionTable } from '../option-table.js';
import { stateDirOption } from './common-options.js';

interface EventsCliOptions {
  follow?: boolean;
  json?: boolean;
  pattern?: string;
  stateDir?: string;
}

interface TestPatternCliOptions {
  eventPattern?: string;
  event?: string;
}

export const EVENTS_OPTIONS: CliOptionTable<EventsCliOptions> = [
  {
    flags: '--follow',
    description: 'after the recorded events, print new ones as they come (Ctrl-C ends)',
    fill: setField('follow'),
  },
  {
    flags: '--json',
    description: 'one event per line, each exactly as EventBridge delivers it to a target (JSON Lines)',
    fill: setField('json'),
  },
  {
    flags: '--pattern <file|json>',
    description: 'only events this EventBridge event pattern matches (JSON text, a file, or file://path)',
    fill: setField('pattern'),
  },
  stateDirOption(),
];

export const TEST_PATTERN_OPTIONS: CliOptionTable<TestPatternCliOptions> = [
  {
    flags: '--event-pattern <json>',
    description: 'the event pattern (JSON text or file://path), as for aws events test-event-pattern',
    fill: setField('eventPattern'),
  },
  {
    flags: '--event <json>',
    description:
      'the event (JSON text or file://path); needs id, account, source, time, region, resources, detail-type',
    fill: setField('event'),
  },
];

/** Resolves when Ctrl-C, SIGTERM or a closed stdout asks the follower to end. */
function untilStopped(): { signal: AbortSignal; release: () => void } {
  const ctl = new AbortController();
  const stop = () => ctl.abort();
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  const off = onStopRequest(stop);
  return {
    signal: ctl.signal,
    release: () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      off();
    },
  };
}

async function listOrFollow(o: EventsCliOptions): Promise<void> {
  const api = await import('../../api/events.js');
  const pattern = o.pattern ? api.parseEventPattern(api.readJsonArgument(o.pattern, '--pattern', true)) : undefined;
  const print = (e: AwsEvent) => process.stdout.write(o.json ? `${JSON.stringify(e)}\n` : renderEventLine(e));
  if (!o.follow) {
    for (const e of api.listEvents({ stateDir: o.stateDir, pattern })) print(e);
    return;
  }
  const { signal, release } = untilStopped();
  try {
    await api.followEvents({ stateDir: o.stateDir, pattern, signal, onEvent: print });
  } finally {
    release();
  }
}

export function register(program: Command): void {
  const events = program
    .command('events')
    .description('EventBridge-shaped events of pipelines, stages, actions and builds (the state folder log)');
  addOptions(events, EVENTS_OPTIONS).action(async (raw: Record<string, unknown>) => {
    await listOrFollow(fillOptions<EventsCliOptions>(EVENTS_OPTIONS, raw, {}));
  });
  const test = events
    .command('test-pattern')
    .description('Whether an event pattern matches an event, as aws events test-event-pattern: {"Result": true|false}');
  addOptions(test, TEST_PATTERN_OPTIONS).action(async (raw: Record<string, unknown>) => {
    const o = fillOptions<TestPatternCliOptions>(TEST_PATTERN_OPTIONS, raw, {});
    const api = await import('../../api/events.js');
    const { InputError } = await import('../../errors.js');
    for (const [flag, v] of [
      ['--event-pattern', o.eventPattern],
      ['--event', o.event],
    ] as const)
      if (v === undefined) throw new InputError('FLAG_INVALID', `events test-pattern needs ${flag}`);
    printJson(
      api.testEventPattern({
        eventPattern: api.readJsonArgument(o.eventPattern!, '--event-pattern', false),
        event: api.readJsonArgument(o.event!, '--event', false),
      }),
    );
  });
}
