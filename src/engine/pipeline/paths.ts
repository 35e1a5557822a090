/** Where one execution keeps its action logs and stop requests: `<state>/pipeline-executions/<id>/`. */
import { join } from 'node:path';

export function executionDir(stateRoot: string, executionId: string): string {
  return join(stateRoot, 'pipeline-executions', executionId);
}
