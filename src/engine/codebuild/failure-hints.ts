/**
 * One-line hints for common failures, shown under the failure summary. They name the fix the
 * way the seed document's "Common Mistakes" do (e.g. Docker without PrivilegedMode).
 */
import type { PhaseContext } from './build-types.js';

export interface FailureFacts {
  context?: PhaseContext;
  exitCode?: number;
  output?: string;
  image?: string;
  privileged?: boolean;
}

export function failureHint(f: FailureFacts): string | undefined {
  const out = f.output ?? '';
  if (/Cannot connect to the Docker daemon|dial unix \/var\/run\/docker\.sock/.test(out) && !f.privileged) {
    return 'Docker commands need privileged mode: set PrivilegedMode: true on the project (or pass --privileged).';
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
  if (f.exitCode === 127 && nf) {
    return `'${nf[1]}' is not installed in the image ${f.image ?? ''}; install it in the install phase or choose another image.`;
  }
  return undefined;
}
