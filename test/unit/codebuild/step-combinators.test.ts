// The combinators the build runner is composed of: order, conditions, rescue and finally semantics.
import { describe, expect, it } from 'vitest';
import { andFinally, inSequence, rescue, when } from '../../../src/engine/codebuild/step-combinators.js';

type Rec = { seen: string[]; flag?: boolean };
const mark = (name: string) => (r: Rec) => void r.seen.push(name);
const boom = (name: string) => (r: Rec) => {
  r.seen.push(name);
  throw new Error(name);
};

describe('step combinators', () => {
  it('inSequence runs steps in order and stops at a throw', async () => {
    const r: Rec = { seen: [] };
    await expect(inSequence(mark('a'), boom('b'), mark('c'))(r)).rejects.toThrow('b');
    expect(r.seen).toEqual(['a', 'b']);
  });

  it('when decides at the moment the step would run', async () => {
    const r: Rec = { seen: [] };
    const set = (x: Rec) => void (x.flag = true);
    await inSequence(
      when((x: Rec) => !!x.flag, mark('early')),
      set,
      when((x: Rec) => !!x.flag, mark('late')),
    )(r);
    expect(r.seen).toEqual(['late']);
  });

  it('rescue hands the error to its handler; the sequence goes on', async () => {
    const r: Rec = { seen: [] };
    await inSequence(
      rescue(boom('x'), (x: Rec, e) => void x.seen.push(`caught ${(e as Error).message}`)),
      mark('after'),
    )(r);
    expect(r.seen).toEqual(['x', 'caught x', 'after']);
  });

  it('andFinally runs the clean-up after success and after a throw, keeping the throw', async () => {
    const ok: Rec = { seen: [] };
    await andFinally(mark('main'), mark('cleanup'))(ok);
    expect(ok.seen).toEqual(['main', 'cleanup']);
    const bad: Rec = { seen: [] };
    await expect(andFinally(boom('main'), mark('cleanup'))(bad)).rejects.toThrow('main');
    expect(bad.seen).toEqual(['main', 'cleanup']);
  });

  it('exports no `then` (a module namespace with one is a thenable that `await import()` never settles)', async () => {
    const mod = await import('../../../src/engine/codebuild/step-combinators.js');
    expect('then' in mod).toBe(false);
  });
});
