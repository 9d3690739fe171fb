/**
 * `npm run bench`: prints the performance figures the issues set targets for.
 * BENCH_ONLY=callback|notifications|cases|miniprogram runs one part (the case bench seeds 100,000 cases the first time).
 */
import { runCallbackBench } from './callback-bench';
import { runCallbackCpuBench } from './callback-cpu-bench';
import { runCaseBench } from './case-bench';
import { runMiniprogramSizeBench } from './miniprogram-size-bench';
import { runNotificationBench } from './notification-bench';

const PARTS: Record<string, { title: string; run: () => Promise<void> }> = {
  callback: {
    title: 'official-account callback (issue 4)',
    run: async () => {
      runCallbackCpuBench();
      await runCallbackBench();
    },
  },
  notifications: { title: 'notifications (issue 5)', run: runNotificationBench },
  cases: { title: 'case workflow (issue 3)', run: runCaseBench },
  miniprogram: { title: 'mini-program build sizes (issue 6)', run: runMiniprogramSizeBench },
};

async function main(): Promise<void> {
  const only = process.env.BENCH_ONLY;
  if (only && !PARTS[only]) throw new Error(`BENCH_ONLY must be one of ${Object.keys(PARTS).join(', ')}`);
  for (const [name, part] of Object.entries(PARTS)) {
    if (only && only !== name) continue;
    console.log(`== ${part.title} ==`);
    await part.run();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
