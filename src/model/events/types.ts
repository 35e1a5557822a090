/**
 * The EventBridge event envelope and pattern types shared by the pattern matcher, the rule router, the local
 * event builders and the events log (docs/aws/eventbridge.md §1).
 */

/** One event as EventBridge delivers it: the envelope of docs/aws/eventbridge.md §1.1 around a service `detail`. */
export interface AwsEvent {
  version: '0';
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: Record<string, unknown>;
}

/** An event pattern as written in a rule or `test-event-pattern` (docs/aws/eventbridge.md §2). */
export type EventPattern = Record<string, unknown>;
