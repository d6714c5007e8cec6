/**
 * `npm run bench -- <name> [options]`: speed and memory goals, measured, never asserted in tests.
 * Each benchmark prints progress to stderr and one JSON object as the last line of stdout.
 */
import { inventoryBenchmark } from "./bench/inventory";
import { webhooksBenchmark } from "./bench/webhooks";

const benchmarks: Record<string, (args: string[]) => Promise<Record<string, unknown>>> = {
  webhooks: webhooksBenchmark,
  inventory: inventoryBenchmark,
};

async function main() {
  const [name, ...args] = process.argv.slice(2);
  const bench = name ? benchmarks[name] : undefined;
  if (!bench) {
    console.error(`Usage: npm run bench -- <${Object.keys(benchmarks).join("|")}> [options]`);
    process.exit(2);
  }
  const result = await bench(args);
  console.log(JSON.stringify(result));
  process.exit(0);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exit(1);
});
