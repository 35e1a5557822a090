/**
 * `helm upgrade`/`helm install` return as soon as the manifests are applied; without `--wait` the build
 * (and the pipeline) turns green before a single pod runs (seed document, common mistake 5).
 */
import { isInert, logicalLines, segments } from '../shell.js';
import { buildspecRule } from './define.js';

const HELM_DEPLOY = /^helm\s+(?:--?\S+\s+)*(upgrade|install)\b/;
/** --atomic implies --wait; a dry run deploys nothing. */
const WAITS = /(?:^|\s)--(?:wait|atomic|dry-run)(?:[=\s]|$)/;

export const helmWithoutWait = buildspecRule(
  {
    id: 'helm-without-wait',
    severity: 'warning',
    summary: '`helm upgrade`/`helm install` without `--wait` in a deploy buildspec.',
    explanation:
      'Without `--wait`, helm returns once Kubernetes has accepted the manifests, so the build succeeds while the ' +
      'new pods may still be crash-looping: the deploy fails silently and the pipeline shows green. Add ' +
      '`--wait --timeout 5m` (or `--atomic`, which waits and rolls back on failure).',
  },
  (ctx, report) => {
    for (const item of ctx.commands) {
      for (const l of logicalLines(item.text)) {
        if (isInert(l.text)) continue;
        for (const seg of segments(l.text)) {
          const m = HELM_DEPLOY.exec(seg.text);
          if (!m || WAITS.test(seg.text)) continue;
          report(
            `'helm ${m[1]}' without --wait: the build succeeds before the release is running; add --wait (or --atomic)`,
            ctx.positionIn(item, l.line, seg.col),
          );
        }
      }
    }
  },
);
