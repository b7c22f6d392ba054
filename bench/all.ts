// `npm run bench`: every benchmark in turn, each as its own process (own control plane, own section of the doc);
// flags such as --wait-quiet and --runs are passed to each.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const BENCHMARKS = ['callback', 'e2e-scale', 'registry', 'logs', 'diagnose', 'footprint'] as const;
const args = process.argv.slice(2);
// One waiting budget for the whole series: --wait-quiet=M gives every benchmark what is left of M minutes.
const wq = args.find((a) => a.startsWith('--wait-quiet'));
const budgetMin = wq === undefined ? 0 : Number(wq.split('=')[1]) || 40;
const deadline = Date.now() + budgetMin * 60_000;
const failed: string[] = [];
for (const name of BENCHMARKS) {
  console.error(`\n=== bench:${name} ===`);
  const left = Math.max(0.5, (deadline - Date.now()) / 60_000);
  const passed = args.map((a) => (a.startsWith('--wait-quiet') ? `--wait-quiet=${left.toFixed(1)}` : a));
  const r = spawnSync(process.execPath, [join(import.meta.dirname, `${name}.ts`), ...passed], {
    stdio: 'inherit',
  });
  if (r.status !== 0) failed.push(name);
}
if (failed.length > 0) {
  console.error(`failed: ${failed.join(', ')}`);
  process.exit(1);
}
