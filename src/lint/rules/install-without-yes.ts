/**
 * Package installs without the non-interactive flag: the build has no terminal, so the confirmation prompt
 * reads end-of-file, apt answers "Abort." and the command fails.
 */
import { isInert, logicalLines, segments } from '../shell.js';
import { buildspecRule } from './define.js';

/** apt-get / apt / yum / dnf followed (after options) by a subcommand that asks for confirmation. */
const INSTALL =
  /^(apt-get|apt|yum|dnf)\s+(?:-\S+\s+)*(install|upgrade|dist-upgrade|full-upgrade|remove|purge|autoremove|update)\b/;
/** -y, --yes, --assume-yes, combined short flags (-qy), and -qq, which implies -y for apt. */
const YES = /(?:^|\s)(?:-[a-zA-Z]*y[a-zA-Z]*|--yes|--assume-yes|-qq|--quiet=2)(?=\s|$)/;

export const installWithoutYes = buildspecRule(
  {
    id: 'install-without-yes',
    severity: 'error',
    summary: '`apt-get install` (or apt, yum, dnf) without `-y`.',
    explanation:
      'Builds run without a terminal: when the package manager asks "Do you want to continue? [Y/n]" it reads ' +
      'end-of-file and aborts, failing the build as soon as a package actually needs installing. Add `-y` ' +
      '(`apt-get install -y curl`). `apt-get update` only refreshes the package lists and is not reported; `yum update` upgrades and is.',
  },
  (ctx, report) => {
    for (const item of ctx.commands) {
      for (const l of logicalLines(item.text)) {
        if (isInert(l.text)) continue;
        for (const seg of segments(l.text)) {
          const m = INSTALL.exec(seg.text);
          if (!m || (m[2] === 'update' && m[1]!.startsWith('apt')) || YES.test(seg.text)) continue;
          report(
            `'${m[1]} ${m[2]}' without -y waits for a confirmation the build cannot give; add -y`,
            ctx.positionIn(item, l.line, seg.col),
          );
        }
      }
    }
  },
);
