/**
 * The shapes of IAM policies as codelocal evaluates them (docs/aws/iam.md §2): policies are normalised
 * once (single values become lists) so the evaluator never guesses at the written form.
 */

export type Effect = 'Allow' | 'Deny';

/** `*` (anyone), or lists of values by principal type (`AWS`, `Service`, `Federated`, `CanonicalUser`). */
export type PrincipalSpec = '*' | Record<string, string[]>;

/** Operator (with its `ForAnyValue:`/`ForAllValues:` prefix and `IfExists` suffix) → key → values. */
export type ConditionBlock = Record<string, Record<string, string[]>>;

export interface PolicyStatement {
  sid?: string;
  effect: Effect;
  principal?: PrincipalSpec;
  notPrincipal?: PrincipalSpec;
  action?: string[];
  notAction?: string[];
  /** Absent (with notResource absent): the resource the policy is attached to (docs/aws/iam.md §2.4). */
  resource?: string[];
  notResource?: string[];
  condition?: ConditionBlock;
}

export interface PolicyDocument {
  statements: PolicyStatement[];
}

/** Who makes a request (docs/aws/iam.md §2.1). */
export interface RequestPrincipal {
  /** Role `arn:aws:iam::A:role/R`, session `arn:aws:sts::A:assumed-role/R/S`, or `service:NAME`. */
  arn: string;
  account?: string;
  /** For an AWS service principal: `codepipeline.amazonaws.com`. */
  service?: string;
}

export type ContextValue = string | number | boolean | readonly string[];

export interface AccessRequest {
  principal: RequestPrincipal;
  /** `service:Action`. */
  action: string;
  /** The resource ARN. */
  resource: string;
  /** Condition keys of the request (keys compare case-insensitively, as in IAM). */
  context?: Record<string, ContextValue>;
}

export type DecisionKind = 'Allow' | 'ExplicitDeny' | 'ImplicitDeny';

export interface Decision {
  decision: DecisionKind;
  /** Which statement decided: its Sid, else `Statement[i]`. */
  statement?: string;
  /** One sentence for messages and `pipeline plan`. */
  reason: string;
}
