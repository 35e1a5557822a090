/**
 * Package installs without the non-interactive flag: the build has no terminal, so a confirmation prompt
 * reads end-of-file, apt answers "Abort." and the command fails (docs/lint.md, install-without-yes).
 */
import { isInert, logicalLines, type Segment, segments } from '../shell.js';
import type { Severity } from '../types.js';
import { buildspecRule } from './define.js';

/** apt-get / apt / yum / dnf followed (after options, `-o name=value` included) by a subcommand that asks. */
const INSTALL =
  /^(apt-get|apt|yum|dnf)\s+(?:(?:-o|--option)\s+\S+\s+|-\S+\s+)*(install|upgrade|dist-upgrade|full-upgrade|remove|purge|autoremove|update)\b/;
/**
 * -y, --yes, --assume-yes (apt), --assumeyes (yum, dnf), combined short flags (-qy), -qq and --quiet=2
 * (quiet level 2 implies -y for apt-get, apt-get(8)), and the option itself: -o APT::Get::Assume-Yes=true.
 */
const YES =
  /(?:^|\s)(?:-[a-zA-Z]*y[a-zA-Z]*|--yes|--assume-yes|--assumeyes|-qq|--quiet=2|(?:-o\s*|--option[\s=])["']?APT::Get::Assume-Yes=["']?(?:true|yes|1)\b)(?=["']?(?:\s|$))/i;
/** A command piped in front that answers the prompt: `yes |`, `yes y |`, `echo y |`, `printf 'y\n' |`. */
const ANSWER = /^(?:yes(?:\s+["']?(?:y|yes)["']?)?|echo\s+["']?(?:y|yes)["']?|printf\s+["']?(?:y|yes)\\n["']?)\s*$/i;

/** True when `seg` is the right side of a single `|` whose left side answers yes. */
function answeredByPipe(line: string, segs: readonly Segment[], i: number): boolean {
  if (i === 0) return false;
  const before = line.slice(0, segs[i]!.col);
  const bar = before.lastIndexOf('|');
  // Between the bar and the command only what segments() strips: blanks, `sudo`, `NAME=value`.
  const gap = before.slice(bar + 1);
  const single = bar > 0 && before[bar - 1] !== '|' && /^(?:\s|sudo\s|[A-Za-z_]\w*=\S*\s)*$/.test(gap);
  return single && ANSWER.test(segs[i - 1]!.text.trim());
}

/**
 * apt-get and apt ask only when they must do more than asked: install packages beyond those named
 * (dependencies), remove or downgrade some (apt's DoInstall prompts unless the install count equals the
 * named packages and nothing is removed). `apt-get install jq` on an image that has jq, or of a package
 * without new dependencies, runs through; so an apt install is a warning (docs/lint.md). Removals and
 * upgrades ask whenever they do anything, and yum and dnf ask for every transaction: errors.
 */
function severityOf(tool: string, sub: string): Severity {
  return tool.startsWith('apt') && sub === 'install' ? 'warning' : 'error';
}

export const installWithoutYes = buildspecRule(
  {
    id: 'install-without-yes',
    severity: 'error',
    summary: '`apt-get install` (or apt, yum, dnf) without `-y`.',
    explanation:
      'Builds run without a terminal: when the package manager asks "Do you want to continue? [Y/n]" (yum and ' +
      'dnf: "Is this ok [y/N]") it reads end-of-file and aborts, failing the build. Add `-y` ' +
      '(`apt-get install -y curl`); `--yes`, `--assume-yes`, `--assumeyes`, `-qq`, `-o APT::Get::Assume-Yes=true` ' +
      'and a piped answer (`yes | apt-get install curl`) count too, `DEBIAN_FRONTEND=noninteractive` does not ' +
      '(it silences debconf questions, not this one). apt-get and apt ask only when they must install more than ' +
      'the named packages (dependencies), remove or downgrade some: a package already in the image installs ' +
      'without a question, so `apt-get install` and `apt install` are warnings. Removals and upgrades (`remove`, ' +
      '`purge`, `autoremove`, `upgrade`, `dist-upgrade`, `full-upgrade`) and every yum or dnf transaction ask, ' +
      'and are errors. `apt-get update` only refreshes the package lists and is not reported; `yum update` ' +
      'upgrades and is.',
  },
  (ctx, report) => {
    for (const item of ctx.commands) {
      for (const l of logicalLines(item.text)) {
        if (isInert(l.text)) continue;
        const segs = segments(l.text);
        segs.forEach((seg, i) => {
          const m = INSTALL.exec(seg.text);
          if (!m || (m[2] === 'update' && m[1]!.startsWith('apt')) || YES.test(seg.text)) return;
          if (answeredByPipe(l.text, segs, i)) return;
          const severity = severityOf(m[1]!, m[2]!);
          const message =
            severity === 'warning'
              ? `'${m[1]} ${m[2]}' without -y stops at a confirmation the build cannot give when the packages ` +
                'need others (dependencies) or replace some; add -y'
              : `'${m[1]} ${m[2]}' without -y waits for a confirmation the build cannot give; add -y`;
          report(message, ctx.positionIn(item, l.line, seg.col), severity);
        });
      }
    }
  },
);
