/** `npm run bench`: prints the performance figures the issues set targets for. */
import { runCaseBench } from './case-bench';

async function main(): Promise<void> {
  console.log('== case workflow (issue 3) ==');
  await runCaseBench();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
