/**
 * A `|` block is one command for CodeBuild: the shell runs all its lines and only the last line's exit
 * status decides whether the command failed. An earlier failing line goes unseen unless `set -e` is on.
 */
import { Scalar } from 'yaml';
import { isInert, logicalLines } from '../shell.js';
import { buildspecRule } from './define.js';

const SET_E = /\bset\s+(?:-[a-zA-Z]*e[a-zA-Z]*\b|-o\s+errexit\b|-[a-zA-Z]*o\s+errexit\b)/;
/** Lines that open or close a compound command, or continue into the next line. */
const OPENS = /(?:&&|\|\||\||\bthen|\bdo|\belse|\{|\(|\bin)\s*$/;
const STRUCTURE = /^(?:if|then|else|elif|fi|for|while|until|do|done|case|esac|\{|\}|\(|\)|;;)\b/;
const CLOSES = /^(?:fi|done|esac|\}|\)|else|elif|;;)/;

export const multilineWithoutSetE = buildspecRule(
  {
    id: 'multiline-without-set-e',
    severity: 'warning',
    summary: 'A multi-line `|` command without `set -e`: earlier lines can fail unseen.',
    explanation:
      'CodeBuild runs a `- |` block as a single command and judges it by the exit status of its last line. If ' +
      'an earlier line fails (a failed download, a failed test run), the block still "succeeds" and the build ' +
      'carries on. Start the block with `set -e` (or `set -euo pipefail` with bash), chain the lines with `&&`, ' +
      'or split them into separate list items.',
  },
  (ctx, report) => {
    for (const item of ctx.commands) {
      if (item.node.type !== Scalar.BLOCK_LITERAL || SET_E.test(item.text)) continue;
      const lines = logicalLines(item.text)
        .map((l) => ({ ...l, text: l.text.trim(), indent: l.text.length - l.text.trimStart().length }))
        .filter((l) => !isInert(l.text));
      for (let i = 0; i < lines.length - 1; i++) {
        const line = lines[i]!;
        if (OPENS.test(line.text) || STRUCTURE.test(line.text) || CLOSES.test(lines[i + 1]!.text)) continue;
        report(
          `this ${lines.length}-line command only fails if its last line fails; '${line.text.slice(0, 40)}' can fail unseen: add 'set -e' at the top of the block`,
          ctx.positionIn(item, line.line, line.indent),
        );
        break;
      }
    }
  },
);
