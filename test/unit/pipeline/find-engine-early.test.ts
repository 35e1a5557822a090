// findEngineEarly (src/api/pipeline-services.ts, docs/performance.md change 9): a plan with container actions asks for
// the engine when the run starts; a plan without (approvals, S3) never touches it, so it still runs with no engine.
import { describe, expect, it } from 'vitest';
import { findEngineEarly } from '../../../src/api/pipeline-services.js';
import type { ActionServices } from '../../../src/engine/pipeline/index.js';
import type { PipelinePlan } from '../../../src/plan/index.js';

function plan(...providers: string[]): PipelinePlan {
  const actions = providers.map((provider) => ({ provider }));
  return { stages: [{ groups: [{ actions }] }] } as unknown as PipelinePlan;
}

function services(): { services: ActionServices; asked: () => number } {
  let n = 0;
  const s = {
    runtime: () => {
      n++;
      return Promise.reject(new Error('no engine'));
    },
  } as unknown as ActionServices;
  return { services: s, asked: () => n };
}

describe('findEngineEarly', () => {
  it('asks for the engine when a CodeBuild or Commands action is planned; a failure is left to that action', async () => {
    for (const p of ['CodeBuild', 'Commands', 'ECS']) {
      const s = services();
      findEngineEarly(s.services, plan('CodeStarSourceConnection', p));
      expect(s.asked(), p).toBe(1);
    }
    await new Promise((r) => setTimeout(r, 0)); // no unhandled rejection
  });

  it('leaves the engine alone for approvals and S3 actions', () => {
    const s = services();
    findEngineEarly(s.services, plan('S3', 'Manual', 'S3'));
    expect(s.asked()).toBe(0);
  });
});
