/**
 * A value CloudFormation computes but codelocal cannot (issue 11): `Fn::Transform` (an `AWS::Include`
 * snippet or a macro lives in S3 or in the account), and whatever is built from it (`!Sub` or
 * `!Join` over it). It is unknown, not wrong: the validators accept it in place of any scalar (a
 * string, a number, a configuration value), the plan and dry run show it as not evaluated locally,
 * and only a run that needs it fails, with VALUE_NOT_EVALUATED in our own words. Where a whole list
 * or object the pipeline is built from is unknown (the stages, an action's type), nothing can be
 * checked or run, and that is said the same way. `Fn::ImportValue` without a local value is unknown the
 * same way (another stack's export), and so is a CloudFormation dynamic reference (`{{resolve:ssm:…}}`) that
 * no stub answers, or that names a secret (src/model/cfn-dynamic-refs.ts).
 */
export class NotEvaluated {
  constructor(
    /** The function that was not evaluated: `Fn::Transform`, `Fn::Cidr`, … */
    readonly fn: string,
    /** `AWS::Include`, a macro name, or '' when unknown. */
    readonly detail: string = '',
  ) {}

  /** How it reads in plans, history and JSON. */
  get text(): string {
    return `<not evaluated locally: ${this.fn}${this.detail ? ` ${this.detail}` : ''}>`;
  }

  toString(): string {
    return this.text;
  }

  toJSON(): string {
    return this.text;
  }
}

export function isNotEvaluated(v: unknown): v is NotEvaluated {
  return v instanceof NotEvaluated;
}

export const VALUE_NOT_EVALUATED = 'VALUE_NOT_EVALUATED' as const;

/** The `fn` of a CloudFormation dynamic reference (`{{resolve:…}}`) left unknown. */
export const DYNAMIC_REFERENCE = 'dynamic reference';

/** The sentence used wherever a needed value is unknown; `what` names the field, `more` adds a local way past it. */
export function notEvaluatedMessage(what: string, v: Pick<NotEvaluated, 'fn' | 'detail'>, more = ''): string {
  // A plain `ssm` reference can be answered by a parameter stub (docs/stubs.md); secrets never are.
  const stub =
    v.fn === DYNAMIC_REFERENCE && v.detail.startsWith('{{resolve:ssm:')
      ? ', stub the parameter (codelocal.stubs.yml or --parameter NAME=VALUE)'
      : '';
  // Another stack's export: codelocal.yml `imports` answers it (docs/config.md).
  const imported = v.fn === 'Fn::ImportValue' ? `, give the export a value under imports: in codelocal.yml` : '';
  return `${what} comes from ${v.fn}${v.detail ? ` (${v.detail})` : ''}, which codelocal does not evaluate locally; give the value directly (or as a template parameter)${stub}${imported}${more} to use it here`;
}
