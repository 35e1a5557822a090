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

/** The first statement that can fail unseen, or undefined (set -e first, or nothing before the last). */
function unseenFailure(statements: ShellStatement[]): ShellStatement | undefined {
  for (let i = 0; i < statements.length - 1; i++) {
    const s = statements[i]!;
    if (SET_E.test(s.text)) return undefined;
    if (!HARMLESS.test(s.text)) return s;
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
      'read is not reported.',
  },
  (ctx, report) => {
    for (const item of ctx.commands) {
      if (item.node.type !== Scalar.BLOCK_LITERAL) continue;
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
