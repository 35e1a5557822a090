/** SSM Parameter Store stand-in (JSON 1.1, target prefix `AmazonSSM`): reads the parameter stubs. */
import { AwsError, epochSeconds, type JsonOperation } from './protocol.js';
import type { StubView } from './stub-view.js';
import type { StubParameter } from '../../model/index.js';

export interface SsmDeps {
  stubs: StubView;
  accountId: string;
  region: string;
}

function shape(p: StubParameter, d: SsmDeps) {
  const path = p.name.startsWith('/') ? p.name : `/${p.name}`;
  return {
    Name: p.name,
    Type: p.type,
    Value: p.value,
    Version: 1,
    LastModifiedDate: epochSeconds(),
    ARN: `arn:aws:ssm:${d.region}:${d.accountId}:parameter${path}`,
    DataType: 'text',
  };
}

export function ssmOperations(d: SsmDeps): Record<string, JsonOperation> {
  return {
    GetParameter(input) {
      const p = d.stubs.parameter(String(input.Name ?? ''));
      // No stub = the parameter does not exist here; SSM's own error code, so `|| true` scripts behave the same.
      if (!p) throw new AwsError('ParameterNotFound', `Parameter ${input.Name} not found.`);
      return { Parameter: shape(p, d) };
    },
    GetParameters(input) {
      const names: string[] = Array.isArray(input.Names) ? input.Names.map(String) : [];
      const found = names.map((n) => ({ n, p: d.stubs.parameter(n) }));
      return {
        Parameters: found.filter((f) => f.p).map((f) => shape(f.p!, d)),
        InvalidParameters: found.filter((f) => !f.p).map((f) => f.n),
      };
    },
    GetParametersByPath(input) {
      const path = String(input.Path ?? '/');
      const prefix = path.endsWith('/') ? path : `${path}/`;
      const recursive = input.Recursive === true;
      const hits = [...d.stubs.params.values()].filter((p) => {
        if (!p.name.startsWith(prefix)) return false;
        return recursive || !p.name.slice(prefix.length).includes('/');
      });
      return { Parameters: hits.sort((a, b) => a.name.localeCompare(b.name)).map((p) => shape(p, d)) };
    },
  };
}
