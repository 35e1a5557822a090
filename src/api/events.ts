/**
 * Public API of the events log (docs/events.md): `listEvents` and `followEvents` read what runs recorded in the
 * state folder, optionally through an EventBridge pattern; `testEventPattern` is `aws events test-event-pattern`
 * (docs/aws/eventbridge.md §2.4, §2.5).
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { InputError } from '../errors.js';
import {
  INVALID_PATTERN_PREFIX,
  matchesEventPattern,
  validateEventPattern,
  type AwsEvent,
  type EventPattern,
} from '../model/index.js';
import { followEventsLog, readEventsLog } from '../stores/index.js';
import { openWorkspace } from '../workspace/index.js';

export interface EventsOptions {
  /** The folder to act in (default the current one): its project's state folder is read. */
  cwd?: string;
  stateDir?: string;
  /** Only events this EventBridge pattern matches. */
  pattern?: EventPattern;
}

/** Fields TestEventPattern requires of the event (docs/aws/eventbridge.md §2.5). */
const REQUIRED_EVENT_FIELDS = ['id', 'account', 'source', 'time', 'region', 'resources', 'detail-type'] as const;

function logPath(o: EventsOptions): string {
  return openWorkspace({ cwd: o.cwd, stateDir: o.stateDir, stateDirBase: o.cwd }).state.eventsLog;
}

/** A JSON argument as read: the value, or why it is not JSON. */
export type JsonArgument = { value: unknown } | { invalid: string };

/**
 * Text given as JSON, `file://PATH` (as the AWS CLI reads parameters) or, when `allowPath`, a plain file path.
 * `what` names the flag in messages.
 */
export function readJsonArgument(text: string, what: string, allowPath: boolean, cwd = process.cwd()): JsonArgument {
  let body = text;
  const file = text.startsWith('file://') ? text.slice(7) : allowPath && !/^\s*[{[]/.test(text) ? text : undefined;
  if (file !== undefined) {
    const path = resolve(cwd, file);
    if (!existsSync(path)) throw new InputError('FILE_NOT_FOUND', `${what}: no file ${path}`);
    body = readFileSync(path, 'utf8');
  }
  try {
    return { value: JSON.parse(body) as unknown };
  } catch (e) {
    return { invalid: (e as Error).message };
  }
}

/** The pattern, checked as PutRule/TestEventPattern check it; refused in AWS's words. */
export function parseEventPattern(arg: JsonArgument): EventPattern {
  const reasons = 'invalid' in arg ? ['Invalid JSON'] : validateEventPattern(arg.value);
  if (reasons.length > 0) {
    throw new InputError(
      'EVENT_PATTERN_INVALID',
      `InvalidEventPatternException: ${INVALID_PATTERN_PREFIX}${reasons[0]}`,
    );
  }
  return (arg as { value: EventPattern }).value;
}

/** The event TestEventPattern accepts: a JSON object with the envelope fields it requires. */
export function parseTestEvent(arg: JsonArgument): AwsEvent {
  const value = 'invalid' in arg ? undefined : arg.value;
  const missing =
    typeof value === 'object' && value !== null && !Array.isArray(value)
      ? REQUIRED_EVENT_FIELDS.filter((f) => !(f in value))
      : undefined;
  if (missing === undefined || missing.length > 0) {
    throw new InputError('EVENT_INVALID', 'ValidationException: Parameter Event is not valid.', {
      details: [
        missing === undefined
          ? 'the event must be a JSON object'
          : `missing ${missing.join(', ')}: TestEventPattern requires ${REQUIRED_EVENT_FIELDS.join(', ')}`,
      ],
    });
  }
  return value as AwsEvent;
}

/** `aws events test-event-pattern`: `{ Result }` for a valid pattern and event. */
export function testEventPattern(o: { eventPattern: JsonArgument; event: JsonArgument }): { Result: boolean } {
  const pattern = parseEventPattern(o.eventPattern);
  const event = parseTestEvent(o.event);
  return { Result: matchesEventPattern(pattern, event) };
}

/** Every recorded event (oldest first) that the pattern, if any, matches. Reading creates nothing. */
export function listEvents(o: EventsOptions = {}): AwsEvent[] {
  const all = readEventsLog(logPath(o));
  return o.pattern ? all.filter((e) => matchesEventPattern(o.pattern!, e)) : all;
}

export interface FollowEventsOptions extends EventsOptions {
  signal: AbortSignal;
  onEvent: (event: AwsEvent) => void;
  /** Also replay the events already in the log first (default true). */
  replay?: boolean;
}

/** Calls `onEvent` for recorded events, then for each new one until `signal` aborts (Ctrl-C). */
export async function followEvents(o: FollowEventsOptions): Promise<void> {
  const path = logPath(o);
  const keep = (e: AwsEvent) => !o.pattern || matchesEventPattern(o.pattern, e);
  await followEventsLog(path, (e) => keep(e) && o.onEvent(e), {
    signal: o.signal,
    from: o.replay === false ? undefined : 0,
  });
}
