/**
 * One-line hints for common failures, shown under the failure summary. They name the fix the
 * way the seed document's "Common Mistakes" do (e.g. Docker without PrivilegedMode).
 */
import { standInDistribution } from '../../images/index.js';
import type { PhaseContext } from './build-types.js';

/** Package tools of Amazon Linux / RHEL images that the Debian runner images do not have. */
const RPM_TOOLS = new Set(['yum', 'dnf', 'amazon-linux-extras', 'rpm']);

/** `yum: not found` on a stand-in is codelocal's doing, not the buildspec's: say so and what to do. */
function packageToolHint(tool: string, image: string | undefined, localImage: string | undefined): string {
  const d = image && localImage !== image ? standInDistribution(image) : undefined;
  const standIn = d
    ? `codelocal runs ${image} on a ${d.local} stand-in (not ${d.aws}), which has apt-get, not ${tool}`
    : `the image${image ? ` ${image}` : ''} is not an RPM-based distribution: it has no ${tool}`;
  return (
    `${standIn}. Install with apt-get when running locally ` +
    `(e.g. \`if command -v ${tool}; then ${tool} install -y X; else apt-get install -y X; fi\`), ` +
    `or run a real Amazon Linux image: --image-map ${image ?? 'AWS_IMAGE'}=LOCAL_IMAGE (docs/config.md images:).`
  );
}

export interface FailureFacts {
  context?: PhaseContext;
  exitCode?: number;
  output?: string;
  image?: string;
  /** The local image that ran (a stand-in when it differs from `image`). */
  localImage?: string;
  privileged?: boolean;
  /** The build had an AWS endpoint (AWS_ENDPOINT_URL: --local-aws, a pipeline, or the project's own). */
  awsEndpoint?: boolean;
}

/** What the AWS CLI and SDKs print when they have no credentials or cannot reach the endpoint. */
const AWS_CREDENTIALS =
  /Unable to locate credentials|Could not load credentials from any providers|credentials? (?:could|can) ?not be found|Could not connect to the endpoint URL|NoCredentialProviders|The security token included in the request is invalid|InvalidClientTokenId|ExpiredToken/i;

/** A buildspec that calls AWS, run without the local stand-ins: point at --local-aws (docs/local-aws.md). */
function awsCallHint(awsEndpoint: boolean | undefined): string {
  return awsEndpoint
    ? 'The build called an AWS service the local endpoint does not provide, or with credentials it refuses; docs/local-aws.md lists what --local-aws serves (map others with stubs, docs/stubs.md).'
    : 'The build calls AWS but has no credentials or endpoint here: run it with --local-aws (local ECR, STS, SSM, Secrets Manager, S3; docs/local-aws.md), or pass real credentials with -c/--aws-config.';
}

export function failureHint(f: FailureFacts): string | undefined {
  const out = f.output ?? '';
  if (/Cannot connect to the Docker daemon|dial unix \/var\/run\/docker\.sock/.test(out) && !f.privileged) {
    return 'Docker commands need privileged mode: set PrivilegedMode: true on the project (or pass --privileged).';
  }
  if (AWS_CREDENTIALS.test(out)) return awsCallHint(f.awsEndpoint);
  if (/You must be logged in to the server \(Unauthorized\)/.test(out) && f.awsEndpoint) {
    // What an unmapped IAM role gets from EKS (docs/aws/eks.md §4.4); locally the mapping is codelocal.yml's.
    return "The EKS cluster maps the build's role to no Kubernetes user: add the role under eks.clusters.<name>.accessEntries (or mapRoles) in codelocal.yml (docs/eks.md).";
  }
  const msg = f.context?.message ?? '';
  if (/Unknown runtime (version )?named/.test(msg)) {
    return 'runtime-versions asks for something the image does not have; `codelocal images list` shows what it offers.';
  }
  if (/parameter does not exist/.test(msg)) {
    return 'Give the parameter a local value: --parameter NAME=VALUE or a stub file (docs/stubs.md).';
  }
  if (/Secrets Manager can't find the specified secret/.test(msg)) {
    return 'Give the secret a local value: --secret ID=VALUE or a stub file (docs/stubs.md).';
  }
  if (/json key does not exist in secret|secret value is not a JSON object/.test(msg)) {
    return 'The secrets-manager reference names a JSON key: give the secret a JSON object value with that key (docs/stubs.md).';
  }
  const nf = /(?:^|\n)[^\n]*?: (?:\d+: )?(?:line \d+: )?([^\s:]+): (?:command )?not found/.exec(out);
  if (f.exitCode === 127 && nf && RPM_TOOLS.has(nf[1]!)) return packageToolHint(nf[1]!, f.image, f.localImage);
  if (f.exitCode === 127 && nf) {
    return `'${nf[1]}' is not installed in the image ${f.image ?? ''}; install it in the install phase or choose another image.`;
  }
  return undefined;
}
