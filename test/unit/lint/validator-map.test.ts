/**
 * Lint reads a validator problem's rule id from its code (one table in src/lint/validator-map.ts):
 * the table names only catalogued codes and existing rules, and rewording a message cannot move a
 * problem to another rule.
 */
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, InputError, type ErrorCode } from '../../../src/errors.js';
import { findRule } from '../../../src/lint/registry.js';
import { buildspecError, buildspecWarning, RULE_OF_CODE, yamlProblem } from '../../../src/lint/validator-map.js';

const at = { file: 'buildspec.yml', line: 3, column: 5 };

describe('validator-map', () => {
  it('maps only catalogued codes to registered rules', () => {
    for (const [code, rule] of Object.entries(RULE_OF_CODE)) {
      expect(ERROR_CODES[code as ErrorCode], code).toBeDefined();
      expect(findRule(rule!), `${code} -> ${rule}`).toBeDefined();
    }
  });

  it('reads the rule from the code, whatever the message says', () => {
    const e = new InputError('BUILDSPEC_VALUE_NOT_LIST', 'any wording at all', { position: at });
    expect(buildspecError(e, 'buildspec.yml')).toMatchObject({ ruleId: 'commands-not-list', line: 3, column: 5 });
    const other = new InputError('BUILDSPEC_SHELL_INVALID', "unknown key 'x' (an old regex matched this)");
    expect(buildspecError(other, 'buildspec.yml').ruleId).toBe('buildspec-invalid');
  });

  it('warnings and YAML problems are mapped by code too', () => {
    const w = { code: 'BUILDSPEC_VERSION_LEGACY' as const, message: 'anything', pos: at };
    expect(buildspecWarning(w, 'buildspec.yml').ruleId).toBe('legacy-version');
    const other = { code: 'BUILDSPEC_CACHE_FALLBACK_KEYS_IGNORED' as const, message: 'x', pos: at };
    expect(buildspecWarning(other, 'buildspec.yml').ruleId).toBe('buildspec-warning');
    const dup = new InputError('YAML_KEY_DUPLICATE', 'a message not starting with "duplicate key"', { position: at });
    expect(yamlProblem(dup, 'buildspec.yml').ruleId).toBe('duplicate-key');
    expect(yamlProblem(new InputError('YAML_SYNTAX', 'duplicate key "x"'), 'f.yml').ruleId).toBe('yaml-syntax');
  });
});
