/**
 * Every script the agent will run in one build, numbered, generated before the container
 * starts so that they travel in the same tar as the source (one putArchive, no per-command copy).
 * Besides the buildspec's commands: runtime-version commands, and "quiet" helper scripts whose
 * output the engine reads instead of logging (exported variables, artifact names, cache keys).
 */
import { MEMORY_DIR, commandFile } from './agent-script.js';

export type ScriptPurpose = 'command' | 'runtime' | 'quiet';

export interface ScriptEntry {
  id: number;
  /** The text as logged in `Running command ...` (the user's command, exactly as written). */
  text: string;
  purpose: ScriptPurpose;
}

export class ScriptTable {
  readonly entries: ScriptEntry[] = [];

  add(text: string, purpose: ScriptPurpose): ScriptEntry {
    const entry = { id: this.entries.length, text, purpose };
    this.entries.push(entry);
    return entry;
  }

  /** Files for the initial tar: MEMORY_DIR/cmd/<id>.sh, each the command's text (the agent adds the header). */
  files(): { path: string; content: string; mode: number }[] {
    return this.entries.map((e) => ({
      path: `${MEMORY_DIR.slice(1)}/cmd/${e.id}.sh`,
      content: commandFile(e.text),
      mode: 0o755,
    }));
  }
}

/** Unit separator used by quiet scripts between fields (not expected inside values). */
export const FIELD_SEP = '\u001f';

/** A quiet script printing `name SEP isSet SEP value SEP` for each name (exported-variables capture). */
export function printVariablesScript(names: string[]): string {
  return names
    .filter((n) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(n))
    .map((n) => `printf '%s\\037%s\\037%s\\037' ${n} "\${${n}+1}" "$${n}"`)
    .join('; ');
}

export function parseVariablesOutput(out: string): Map<string, string | undefined> {
  const parts = out.split(FIELD_SEP);
  const result = new Map<string, string | undefined>();
  for (let i = 0; i + 2 < parts.length; i += 3) {
    result.set(parts[i].replace(/^\s+/, ''), parts[i + 1] === '1' ? parts[i + 2] : undefined);
  }
  return result;
}

/** A quiet script that shell-evaluates `text` (artifact `name`, cache `key`) and prints the result. */
export function evaluateScript(text: string): string {
  const escaped = text.replace(/(["\\])/g, '\\$1');
  return `printf '%s' "${escaped}"`;
}

/**
 * A quiet script that evaluates `cache.key` and fails with the exit status of a failing command
 * substitution in it (`$(codebuild-hash-files missing.lock)`): an assignment's status is that of its
 * last command substitution. In a subshell, so `exit` never ends the build's own shell.
 */
export function evaluateKeyScript(text: string): string {
  const escaped = text.replace(/(["\\])/g, '\\$1');
  return `( __codelocal_key="${escaped}" || exit $?; printf '%s' "$__codelocal_key" )`;
}
