/**
 * The point where codelocal pulls an ECR image for an action: an image in another account's repository
 * is refused unless that repository's policy admits the action's role (docs/aws/iam.md §3.5), with the
 * registry's refusal in the `CannotPullContainerError` ECS reports.
 */
import { ecrPullAccess } from '../../model/index.js';
import type { LocalAws } from '../local-aws.js';

const ECR_URI = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/([^:@]+)/;

export function pullRefusal(
  aws: Pick<LocalAws, 'policies'>,
  roleArn: string | undefined,
  uri: string,
  log: (line: string) => void,
): string | undefined {
  const set = aws.policies;
  const m = ECR_URI.exec(uri);
  if (!set || !roleArn || !m) return undefined;
  const check = ecrPullAccess(set, roleArn, m[1]!, m[3]!, m[2]!);
  if (!check.refusal) return undefined;
  log(`codelocal: ${check.refusal.reason}`);
  log(`codelocal: fix: ${check.refusal.fix}`);
  return `CannotPullContainerError: ${uri}: ${check.refusal.awsMessage}`;
}
