/** `phases` of a buildspec (docs/aws/codebuild.md §1.8) and the `on-failure` grammar. */
import type { Node } from 'yaml';
import type { SourcePosition } from '../errors.js';
import {
  PHASE_NAMES,
  type BuildspecCommand,
  type BuildspecPhase,
  type OnFailure,
  type PhaseName,
} from './buildspec-types.js';
import type { SpecReader } from './buildspec-reader.js';
import { isNullNode, type MapEntry } from './yaml-source.js';

const PHASE_KEYS = ['run-as', 'on-failure', 'runtime-versions', 'commands', 'finally'] as const;

/** Default retry count of a bare `RETRY` / `RETRY-<regex>`. */
const DEFAULT_RETRIES = 3;
const MAX_RETRIES = 100;

/**
 * Parses an on-failure value. Returns a message instead of throwing so the caller can attach a position.
 * `RETRY-<digits>` is always a count; anything else after `RETRY-` that is not `<digits>-...` is a regex.
 */
export function parseOnFailure(text: string): OnFailure | string {
  if (text === 'ABORT') return { kind: 'ABORT' };
  if (text === 'CONTINUE') return { kind: 'CONTINUE' };
  if (text === 'RETRY') return { kind: 'RETRY', count: DEFAULT_RETRIES };
  const bad = `invalid on-failure value '${text}': expected ABORT, CONTINUE, RETRY, RETRY-<count>, RETRY-<regex> or RETRY-<count>-<regex>`;
  if (!text.startsWith('RETRY-')) return bad;
  const rest = text.slice('RETRY-'.length);
  const m = /^(\d+)(?:-(.*))?$/s.exec(rest);
  let count = DEFAULT_RETRIES;
  let regex: string | undefined = rest;
  if (m) {
    count = Number(m[1]);
    regex = m[2];
    if (count > MAX_RETRIES)
      return `invalid on-failure value '${text}': the retry count must be between 0 and ${MAX_RETRIES}`;
  }
  if (regex === undefined) return { kind: 'RETRY', count };
  if (regex === '') return bad;
  try {
    new RegExp(regex);
  } catch {
    return `invalid on-failure value '${text}': '${regex}' is not a valid regular expression`;
  }
  return { kind: 'RETRY', count, regex };
}

function commands(r: SpecReader, entry: MapEntry | undefined, label: string, where: string): BuildspecCommand[] {
  return (r.stringList(entry, label, where) ?? []).map((c) => ({ text: c.value, pos: c.pos }));
}

function parsePhase(r: SpecReader, name: PhaseName, node: Node | null, at: SourcePosition): BuildspecPhase {
  const phase: BuildspecPhase = { name, pos: at, commands: [], finally: [] };
  // `build:` with nothing under it is a phase without commands (the agent logs "0 commands").
  if (isNullNode(node)) return phase;
  const where = `phases.${name}`;
  const keys = r.map(node, where, PHASE_KEYS, at);
  if (!keys) return phase;
  phase.runAs = r.string(keys.get('run-as'), `${where}.run-as`);
  const onFailure = keys.get('on-failure');
  const onFailureText = r.string(onFailure, `${where}.on-failure`);
  if (onFailure && onFailureText !== undefined) {
    const parsed = parseOnFailure(onFailureText);
    if (typeof parsed === 'string')
      r.report('BUILDSPEC_ON_FAILURE_INVALID', parsed, r.pos(onFailure.value, onFailure.pos));
    else phase.onFailure = parsed;
  }
  const rv = keys.get('runtime-versions');
  if (rv) {
    if (name !== 'install') {
      r.report(
        'BUILDSPEC_RUNTIME_VERSIONS_MISPLACED',
        `'runtime-versions' is only allowed in the install phase, found in '${where}'`,
        rv.pos,
      );
    } else {
      const versions = r.scalarMap(rv, `${where}.runtime-versions`);
      if (versions) phase.runtimeVersions = Object.fromEntries(versions);
    }
  }
  phase.commands = commands(r, keys.get('commands'), 'Commands', `${where}.commands`);
  phase.finally = commands(r, keys.get('finally'), 'Finally', `${where}.finally`);
  if (!keys.has('commands') && name !== 'install') {
    // The 2022 doc calls commands required here, yet the agent runs such a phase with 0 commands.
    r.report('BUILDSPEC_PHASE_COMMANDS_MISSING', `'${where}' has no commands`, at);
  }
  return phase;
}

/** Phases in execution order, whatever order the file lists them in. */
export function parsePhases(r: SpecReader, node: Node | null, at: SourcePosition): BuildspecPhase[] {
  if (isNullNode(node)) return [];
  const keys = r.map(node, 'phases', PHASE_NAMES, at);
  if (!keys) return [];
  const out: BuildspecPhase[] = [];
  for (const name of PHASE_NAMES) {
    const entry = keys.get(name);
    if (entry) out.push(parsePhase(r, name, entry.value, entry.pos));
  }
  return out;
}
