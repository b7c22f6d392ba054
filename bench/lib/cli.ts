// The flags every benchmark takes: --runs N, --wait-quiet[=MINUTES], --quick.
import { parseArgs } from 'node:util';
import { waitForQuiet } from './quiet.ts';
import { loadAverage } from './machine.ts';

export interface BenchFlags {
  /** Repetitions (each benchmark has its own default). */
  readonly runs: number | undefined;
  /** Minutes to wait for a quiet machine; 0 = do not wait. */
  readonly waitQuietMinutes: number;
  /** Smaller, faster variant for debugging the benchmark itself; its figures are not written. */
  readonly quick: boolean;
}

export function readFlags(argv = process.argv.slice(2)): BenchFlags {
  const { values } = parseArgs({
    args: argv,
    options: {
      runs: { type: 'string' },
      'wait-quiet': { type: 'string' },
      quick: { type: 'boolean', default: false },
    },
    allowPositionals: false,
    strict: false,
  });
  const wq = values['wait-quiet'];
  const runs = typeof values.runs === 'string' ? Number(values.runs) : undefined;
  return {
    runs: runs !== undefined && Number.isInteger(runs) && runs > 0 ? runs : undefined,
    // `--wait-quiet` alone is parsed as a string flag without a value; the brief's default is 40 minutes.
    waitQuietMinutes: wq === undefined ? 0 : wq === '' || wq === true ? 40 : Number(wq) || 40,
    quick: values.quick === true,
  };
}

/** Waits for quiet when asked; returns the load average the run starts under. */
export async function startLoad(flags: BenchFlags): Promise<string> {
  return flags.waitQuietMinutes > 0 ? await waitForQuiet(flags.waitQuietMinutes) : loadAverage();
}
