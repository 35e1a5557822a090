/**
 * Option-table rows that many commands share word for word (`--state-dir`, `--json`), declared once
 * so their flags and help text cannot drift apart between commands.
 */
import { setField, type CliOption } from '../option-table.js';

export function stateDirOption<O extends { stateDir?: string }>(): CliOption<O> {
  return {
    flags: '--state-dir <dir>',
    description: 'state folder (default .codelocal in the project root)',
    fill: setField<O, 'stateDir'>('stateDir'),
  };
}

/** `--json`: how the result is printed; each command says what its JSON is. */
export function jsonOption<O extends { json?: boolean }>(description: string): CliOption<O> {
  return { flags: '--json', description, fill: setField<O, 'json'>('json') };
}
