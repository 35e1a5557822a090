import { describe, expect, it } from 'vitest';
import { parsePhaseName, selectPhases } from '../../../src/engine/codebuild/phase-selection.js';

describe('--phase / --from-phase', () => {
  it('accepts buildspec names, API names and dashes', () => {
    expect(parsePhaseName('pre_build', '--phase')).toBe('pre_build');
    expect(parsePhaseName('PRE_BUILD', '--phase')).toBe('pre_build');
    expect(parsePhaseName('pre-build', '--phase')).toBe('pre_build');
  });

  it('rejects unknown names, naming the flag and the choices', () => {
    expect(() => parsePhaseName('upload_artifacts', '--from-phase')).toThrow(
      /--from-phase expects one of install, pre_build, build, post_build/,
    );
  });

  it('--phase keeps buildspec order whatever the flag order; none means every phase', () => {
    expect(selectPhases(['post_build', 'install'])).toEqual(['install', 'post_build']);
    expect(selectPhases([])).toBeUndefined();
  });

  it('--from-phase runs that phase and the later ones', () => {
    expect(selectPhases([], 'build')).toEqual(['build', 'post_build']);
  });

  it('the two flags cannot be combined', () => {
    expect(() => selectPhases(['build'], 'install')).toThrow(/cannot be combined/);
  });
});
