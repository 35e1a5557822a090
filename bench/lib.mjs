// Shared helpers for the benches: time whole processes, alternate A and B, report medians and ratios.
import { spawnSync } from 'node:child_process';

export function timeCommand(cmd, args, options = {}) {
  const start = process.hrtime.bigint();
  const r = spawnSync(cmd, args, {
    stdio: options.quiet === false ? 'inherit' : 'pipe',
    env: { ...process.env, NO_COLOR: '1' },
    ...options,
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0 && !options.allowFailure) {
    throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}\n${r.stderr?.toString() ?? ''}`);
  }
  return ms;
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Runs A and B in turn `runs` times after one warm-up each; returns medians and the median of per-pair ratios. */
export function pairs(name, a, b, runs = 5) {
  a();
  b();
  const as = [];
  const bs = [];
  const ratios = [];
  for (let i = 0; i < runs; i++) {
    const ta = a();
    const tb = b();
    as.push(ta);
    bs.push(tb);
    ratios.push(ta / tb);
  }
  const result = {
    name,
    runs,
    medianMs: Math.round(median(as)),
    baselineMedianMs: Math.round(median(bs)),
    ratio: Number(median(ratios).toFixed(2)),
  };
  return result;
}

export function report(result, goal) {
  const verdict =
    goal === undefined ? '' : result.ratio <= goal ? `  (goal <= ${goal}x: met)` : `  (goal <= ${goal}x: NOT met)`;
  console.log(
    `${result.name}: codelocal ${result.medianMs} ms, baseline ${result.baselineMedianMs} ms, ratio ${result.ratio}x over ${result.runs} pairs${verdict}`,
  );
}
