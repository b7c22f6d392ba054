// `npm run bench`: every benchmark in turn, each as its own process (own control plane, own section of the doc);
// flags such as --wait-quiet and --runs are passed to each.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const BENCHMARKS = ['callback', 'e2e-scale', 'registry', 'logs', 'footprint'] as const;
const failed: string[] = [];
for (const name of BENCHMARKS) {
  console.error(`\n=== bench:${name} ===`);
  const r = spawnSync(process.execPath, [join(import.meta.dirname, `${name}.ts`), ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
  if (r.status !== 0) failed.push(name);
}
if (failed.length > 0) {
  console.error(`failed: ${failed.join(', ')}`);
  process.exit(1);
}
