/**
 * Latency percentiles of an async operation, run sequentially (one request at a time): `runs`
 * times, or fewer when `budgetMs` runs out first (at least 3), so a slow store still finishes.
 */
export async function measureLatency(
  runs: number,
  operation: (i: number) => Promise<unknown>,
  budgetMs = 30_000,
) {
  const samples: number[] = [];
  const deadline = Date.now() + budgetMs;
  for (let i = 0; i < runs && (i < 3 || Date.now() < deadline); i += 1) {
    const started = process.hrtime.bigint();
    await operation(i);
    samples.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return summarise(samples);
}

export function summarise(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return { runs: samples.length, p50: at(0.5), p99: at(0.99), max: sorted[sorted.length - 1] ?? NaN };
}

export function report(
  name: string,
  figures: { p50: number; p99: number; runs: number },
  targetP99?: number,
): void {
  const verdict =
    targetP99 === undefined
      ? ''
      : figures.p99 <= targetP99
        ? `  (target p99 ≤ ${targetP99} ms: met)`
        : `  (target p99 ≤ ${targetP99} ms: MISSED)`;
  console.log(
    `${name.padEnd(46)} p50 ${figures.p50.toFixed(1).padStart(7)} ms   p99 ${figures.p99.toFixed(1).padStart(7)} ms   (${figures.runs} runs)${verdict}`,
  );
}
