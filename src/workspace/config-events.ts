/**
 * The `events` section of `codelocal.yml` (docs/config.md, docs/events.md): targets that receive the
 * EventBridge-shaped events of runs, each selected by an EventBridge pattern and delivered to a command
 * (stdin = the event JSON) or an HTTP URL (POST). Patterns are checked with EventBridge's rules when the file is read.
 */
import { isMap, isSeq, isScalar, type Node } from 'yaml';
import type { CodeOf, SourcePosition } from '../errors.js';
import {
  describeNode,
  type EventPattern,
  INVALID_PATTERN_PREFIX,
  isNullNode,
  mapEntries,
  nodePosition,
  scalarText,
  suggestionSuffix,
  validateEventPattern,
  type YamlSource,
} from '../model/index.js';

/** Same as config-sections.ts's (not imported: config-types.ts imports this file's types). */
type ReportProblem = (code: CodeOf<'input'>, message: string, pos: SourcePosition | undefined) => void;

export interface EventTargetConfig {
  /** Which events reach the target; absent = every event. */
  pattern?: EventPattern;
  /** A shell command run once per event with the event JSON on stdin. */
  command?: string;
  /** An http(s) URL the event JSON is POSTed to. */
  url?: string;
}

export interface EventsConfig {
  targets: EventTargetConfig[];
}

const EVENTS_KEYS = ['targets'];
const TARGET_KEYS = ['pattern', 'command', 'url'];

function readPattern(
  node: Node | null,
  where: string,
  pos: SourcePosition,
  bad: ReportProblem,
): EventPattern | undefined {
  let value: unknown = (node as { toJSON?: () => unknown } | null)?.toJSON?.();
  if (isScalar(node) && typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      bad('CONFIG_INVALID', `${where}.pattern: ${INVALID_PATTERN_PREFIX}Invalid JSON`, pos);
      return undefined;
    }
  }
  const reasons = validateEventPattern(value);
  if (reasons.length > 0) {
    bad('CONFIG_INVALID', `${where}.pattern: ${INVALID_PATTERN_PREFIX}${reasons[0]}`, pos);
    return undefined;
  }
  return value as EventPattern;
}

function readTarget(src: YamlSource, node: Node, where: string, pos: SourcePosition, bad: ReportProblem) {
  if (!isMap(node)) {
    bad('CONFIG_INVALID', `${where} must be a map with command or url, found ${describeNode(node)}`, pos);
    return undefined;
  }
  const t: EventTargetConfig = {};
  for (const e of mapEntries(src, node)) {
    if (e.key === 'pattern') {
      const p = readPattern(e.value, where, e.pos, bad);
      if (p) t.pattern = p;
    } else if (e.key === 'command' || e.key === 'url') {
      const v = isScalar(e.value) && !isNullNode(e.value) ? scalarText(e.value) : '';
      if (v === '') bad('CONFIG_INVALID', `${where}.${e.key} must be text`, e.pos);
      else if (e.key === 'url' && !/^https?:\/\//.test(v))
        bad('CONFIG_INVALID', `${where}.url must be an http:// or https:// URL, found "${v}"`, e.pos);
      else t[e.key] = v;
    } else {
      bad('CONFIG_UNKNOWN_KEY', `unknown key "${where}.${e.key}"${suggestionSuffix(e.key, TARGET_KEYS)}`, e.pos);
    }
  }
  if ((t.command === undefined) === (t.url === undefined))
    bad('CONFIG_INVALID', `${where} needs exactly one of command or url`, pos);
  return t;
}

export function readEventsSection(
  src: YamlSource,
  node: Node | null,
  pos: SourcePosition,
  positions: Map<string, SourcePosition>,
  bad: ReportProblem,
): EventsConfig {
  const out: EventsConfig = { targets: [] };
  if (isNullNode(node)) return out;
  if (!isMap(node)) {
    bad('CONFIG_INVALID', `events must be a map, found ${describeNode(node)}`, pos);
    return out;
  }
  for (const e of mapEntries(src, node)) {
    if (e.key !== 'targets') {
      bad('CONFIG_UNKNOWN_KEY', `unknown key "events.${e.key}"${suggestionSuffix(e.key, EVENTS_KEYS)}`, e.pos);
      continue;
    }
    if (isNullNode(e.value)) continue;
    if (!isSeq(e.value)) {
      bad('CONFIG_INVALID', `events.targets must be a list, found ${describeNode(e.value)}`, e.pos);
      continue;
    }
    e.value.items.forEach((item, i) => {
      const where = `events.targets[${i}]`;
      const itemPos = nodePosition(src, item as Node) ?? e.pos;
      positions.set(`events/targets/${i}`, itemPos);
      const t = readTarget(src, item as Node, where, itemPos, bad);
      if (t) out.targets.push(t);
    });
  }
  return out;
}
