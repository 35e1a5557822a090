/** "Did you mean" suggestions for misspelled keys (`Commands` -> `commands`, `pre-build` -> `pre_build`). */

/** Edit distance where swapping two adjacent letters counts as one edit (`Evn` -> `Env`). */
function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

/** Normalised form under which case and `-`/`_` differences vanish. */
function loose(s: string): string {
  return s.toLowerCase().replace(/[-_ ]/g, '');
}

export function didYouMean(name: string, candidates: readonly string[]): string | undefined {
  const exact = candidates.find((c) => loose(c) === loose(name));
  if (exact) return exact;
  let best: string | undefined;
  let bestScore = Infinity;
  for (const c of candidates) {
    const d = distance(name.toLowerCase(), c.toLowerCase());
    if (d < bestScore) {
      best = c;
      bestScore = d;
    }
  }
  // Allow roughly one typo per four characters so short keys do not get silly suggestions.
  return best !== undefined && bestScore <= Math.max(1, Math.floor(best.length / 4)) ? best : undefined;
}

/** `; did you mean 'x'?` or an empty string. */
export function suggestionSuffix(name: string, candidates: readonly string[]): string {
  const s = didYouMean(name, candidates);
  return s ? `; did you mean '${s}'?` : '';
}
