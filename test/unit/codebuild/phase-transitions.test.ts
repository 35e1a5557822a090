import { describe, expect, it } from 'vitest';
import { nextStep } from '../../../src/plan/phase-transitions.js';

describe('phase transitions (docs/aws/codebuild.md §2.4)', () => {
  it('docs/aws/codebuild.md §8.7: INSTALL or PRE_BUILD failure skips every later phase', () => {
    expect(nextStep('install', true, undefined)).toBe('finalizing');
    expect(nextStep('pre_build', true, undefined)).toBe('finalizing');
  });
  it('docs/aws/codebuild.md §8.8: BUILD failure still runs POST_BUILD', () => {
    expect(nextStep('build', true, undefined)).toBe('post_build');
  });
  it('docs/aws/codebuild.md §2.4: POST_BUILD failure still attempts UPLOAD_ARTIFACTS', () => {
    expect(nextStep('post_build', true, undefined)).toBe('upload_artifacts');
  });
  it('docs/aws/codebuild.md §8.10: CONTINUE runs the next phase, ABORT stops at once', () => {
    expect(nextStep('pre_build', true, { kind: 'CONTINUE' })).toBe('build');
    expect(nextStep('build', true, { kind: 'ABORT' })).toBe('finalizing');
  });
  it('success moves to the next phase in order', () => {
    expect(nextStep('install', false, undefined)).toBe('pre_build');
    expect(nextStep('post_build', false, undefined)).toBe('upload_artifacts');
  });
});
