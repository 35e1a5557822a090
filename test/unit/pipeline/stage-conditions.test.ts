/**
 * Validation of V2 stage conditions (docs/aws/codepipeline.md §5.9, §12.5): the results each
 * condition type allows, one condition of one to five rules, Rule/AWS rule types from the documented
 * providers, retry modes only with RETRY; a well-formed set is accepted.
 */
import { describe, expect, it } from 'vitest';
import { basePipeline, check, expectValid } from './helpers.js';

const rule = (provider = 'VariableCheck', extra: Record<string, unknown> = {}) => ({
  name: 'R1',
  ruleTypeId: { category: 'Rule', owner: 'AWS', provider, version: '1' },
  configuration: { Variable: '#{variables.x}', Value: 'a', Operator: 'EQ' },
  ...extra,
});

function v2() {
  const p = basePipeline();
  p.pipelineType = 'V2';
  return p;
}

describe('stage conditions (§12.5)', () => {
  it('accepts beforeEntry SKIP, onSuccess ROLLBACK, onFailure RETRY with a retry mode and rule conditions', () => {
    const p = v2();
    p.stages[1].beforeEntry = { conditions: [{ result: 'SKIP', rules: [rule()] }] };
    p.stages[1].onSuccess = { conditions: [{ result: 'ROLLBACK', rules: [rule('DeploymentWindow')] }] };
    p.stages[1].onFailure = { result: 'RETRY', retryConfiguration: { retryMode: 'ALL_ACTIONS' } };
    expectValid(check(p));
  });

  it('refuses a result the condition type does not allow (SKIP on success)', () => {
    const p = v2();
    p.stages[1].onSuccess = { conditions: [{ result: 'SKIP', rules: [rule()] }] };
    expect(check(p).errors.join('\n')).toMatch(
      /onSuccess.*result|Member must satisfy enum value set: \[FAIL, ROLLBACK\]/,
    );
  });

  it('refuses an unknown rule provider, a non-Rule category, no rules, six rules and two conditions', () => {
    const bad = (stage: Record<string, unknown>) => {
      const p = v2();
      Object.assign(p.stages[1], stage);
      return check(p).errors;
    };
    expect(bad({ beforeEntry: { conditions: [{ rules: [rule('Jenkins')] }] } }).length).toBeGreaterThan(0);
    expect(
      bad({
        beforeEntry: {
          conditions: [{ rules: [{ ...rule(), ruleTypeId: { ...rule().ruleTypeId, category: 'Build' } }] }],
        },
      }).length,
    ).toBeGreaterThan(0);
    expect(bad({ beforeEntry: { conditions: [{ rules: [] }] } }).length).toBeGreaterThan(0);
    expect(bad({ beforeEntry: { conditions: [{ rules: Array(6).fill(rule()) }] } }).length).toBeGreaterThan(0);
    expect(bad({ beforeEntry: { conditions: [{ rules: [rule()] }, { rules: [rule()] }] } }).length).toBeGreaterThan(0);
  });

  it('refuses a retryConfiguration without result RETRY, and an unknown retry mode', () => {
    const p = v2();
    p.stages[1].onFailure = { result: 'FAIL', retryConfiguration: { retryMode: 'FAILED_ACTIONS' } };
    expect(check(p).errors).toContain('onFailure.retryConfiguration applies only with result RETRY');
    p.stages[1].onFailure = { result: 'RETRY', retryConfiguration: { retryMode: 'SOME' } };
    expect(check(p).errors.join('\n')).toContain('[FAILED_ACTIONS, ALL_ACTIONS]');
  });

  it('§12.3 refuses an onSuccess ROLLBACK in a PARALLEL pipeline', () => {
    const p = v2();
    p.executionMode = 'PARALLEL';
    p.stages[1].onSuccess = { conditions: [{ result: 'ROLLBACK', rules: [rule()] }] };
    expect(check(p).errors).toEqual([
      "Stage 'Build' has a ROLLBACK success result, which a PARALLEL pipeline cannot use",
    ]);
  });
});
