/**
 * CRLF line endings and a UTF-8 byte-order mark: CodeBuild accepts both (so does codelocal), which is why
 * these are notes. They matter when the file is also run as a script or diffed on another platform.
 */
import { buildspecRule } from './define.js';

export const crlfLineEndings = buildspecRule(
  {
    id: 'crlf-line-endings',
    severity: 'info',
    summary: 'The file has Windows (CRLF) line endings.',
    explanation:
      'CodeBuild reads the buildspec fine, but a `\\r` can end up inside multi-line commands copied to scripts, ' +
      'and mixed endings make diffs noisy. Configure git (`* text=auto` in .gitattributes) or the editor to save ' +
      'with LF.',
  },
  (ctx, report) => {
    const at = ctx.raw.indexOf('\r\n');
    if (at < 0) return;
    const line = ctx.raw.slice(0, at).split('\n').length;
    report('the file uses CRLF line endings (accepted; LF is recommended)', { file: ctx.file, line, column: 1 });
  },
);

export const byteOrderMark = buildspecRule(
  {
    id: 'byte-order-mark',
    severity: 'info',
    summary: 'The file starts with a UTF-8 byte-order mark.',
    explanation:
      'Some Windows editors add an invisible BOM at the start of the file. CodeBuild accepts it, but tools that ' +
      'concatenate or template the file may not. Save the file as UTF-8 without BOM.',
  },
  (ctx, report) => {
    if (ctx.raw.charCodeAt(0) === 0xfeff)
      report('the file starts with a UTF-8 byte-order mark (accepted; remove it)', {
        file: ctx.file,
        line: 1,
        column: 1,
      });
  },
);
