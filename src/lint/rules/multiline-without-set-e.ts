/**
 * A `|` block is one command for CodeBuild: the shell runs all its lines and only the last statement's
 * exit status decides whether the command failed. An earlier failing statement goes unseen unless
 * `set -e` is on. The block is parsed as shell (shell-parser.ts), so a here-document, an `if … fi`, a loop
 * or a `case` is one statement, as the shell sees it; a block that does not parse is left alone.
 */
import { Scalar } from 'yaml';
import { topLevelStatements, type ShellStatement } from '../shell-parser.js';
import { buildspecRule } from './define.js';

const SET_E = /^set\s+(?:-[a-zA-Z]*e[a-zA-Z]*\b|-o\s+errexit\b|-[a-zA-Z]*o\s+errexit\b)/;
/** Statements that do not fail in practice: other `set` options, plain messages, writing a here-document. */
const HARMLESS = /^(?:set\s|(?:echo|printf)\s(?![^\n]*(?:\$\(|`|>))|cat\s(?=[^\n]*<<)(?=[^\n]*>))/;

/** Reads an exit status: `$?`, `${PIPESTATUS[n]}`. A block that does manages statuses itself. */
const READS_STATUS = /\$\?|\bPIPESTATUS\b/;
/** `a || b` and `a && b`: set -e ignores a failing `a` there, so the advice would change nothing. */
const CHAINED = /\|\||&&/;
/** What may stand in the body of a test-only `if`/`while`/`until`: keywords, messages, exits, assignments. */
const BODY_OK =
  /^(?:(?:then|else|do)\s*)?(?:$|fi\b|done\b|(?:if|elif|while|until)\s|(?:echo|printf|exit|return|true|false|:|break|continue)\b|[A-Za-z_]\w*=[^`$]*$)/;

/** An `if`/`while`/`until` whose only commands that can fail are in its tests (`if ! make test; then exit 1; fi`). */
function testOnly(text: string): boolean {
  if (!/^(?:if|while|until)\s/.test(text)) return false;
  return text.split(/[;\n]/).every((piece) => BODY_OK.test(piece.trim()));
}

/** The first statement that can fail unseen, or undefined (set -e first, or nothing before the last). */
function unseenFailure(statements: ShellStatement[]): ShellStatement | undefined {
  for (let i = 0; i < statements.length - 1; i++) {
    const s = statements[i]!;
    if (SET_E.test(s.text)) return undefined;
    if (!HARMLESS.test(s.text) && !CHAINED.test(s.text) && !testOnly(s.text)) return s;
  }
  return undefined;
}

export const multilineWithoutSetE = buildspecRule(
  {
    id: 'multiline-without-set-e',
    severity: 'warning',
    summary: 'A multi-line `|` command without `set -e`: earlier statements can fail unseen.',
    explanation:
      'CodeBuild runs a `- |` block as a single command and judges it by the exit status of its last ' +
      'statement. If an earlier statement fails (a failed download, a failed test run), the block still ' +
      '"succeeds" and the build carries on. Start the block with `set -e` (or `set -euo pipefail` with bash), ' +
      'chain the lines with `&&`, or split them into separate list items. The block is parsed as shell: a ' +
      'here-document, an `if … fi`, a loop or a `case` counts as one statement, and a block the parser cannot ' +
      'read is not reported. Nor is failure handling: a block that reads `$?` or `${PIPESTATUS[0]}` manages ' +
      'exit statuses itself (set -e would cut it short), and `cmd || fallback`, an `a && b` chain (set -e ' +
      'ignores both) and an `if`/`while`/`until` whose body only echoes, assigns or exits (`if ! make test; ' +
      'then exit 1; fi`) handle their own failure. An `if` whose body runs commands is still checked.',
  },
  (ctx, report) => {
    for (const item of ctx.commands) {
      // Reading `$?` or PIPESTATUS is deliberate status handling, which set -e would cut short.
      if (item.node.type !== Scalar.BLOCK_LITERAL || READS_STATUS.test(item.text)) continue;
      const statements = topLevelStatements(item.text);
      const first = statements && unseenFailure(statements);
      if (!statements || !first) continue;
      const shown = first.text.split('\n')[0]!.slice(0, 40);
      report(
        `this ${statements.length}-statement command only fails if its last statement fails; '${shown}' can fail unseen: add 'set -e' at the top of the block`,
        ctx.positionIn(item, first.line, first.col),
      );
    }
  },
);
