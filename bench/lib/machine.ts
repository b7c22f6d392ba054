// What a figure was measured on: CPU, memory, Node, kubetalk and control-plane versions, load, date.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../../tools/local-cluster/index.ts';

export interface MachineInfo {
  readonly date: string;
  readonly cpuModel: string;
  readonly cores: number;
  readonly ramGiB: number;
  readonly node: string;
  readonly kubetalk: string;
  readonly versions: Readonly<Record<string, string>>;
}

/** The pinned control-plane versions, read from scripts/cluster/versions.sh (`NAME=${NAME:-vX}` lines). */
function pinnedVersions(): Record<string, string> {
  const text = readFileSync(join(repoRoot, 'scripts', 'cluster', 'versions.sh'), 'utf8');
  const out: Record<string, string> = {};
  for (const m of text.matchAll(/^(\w+)_VERSION=\$\{\w+:-([^}]+)\}/gm)) {
    const [, name, version] = m;
    if (name !== undefined && version !== undefined) out[name.toLowerCase()] = version;
  }
  return out;
}

function kubetalkVersion(): string {
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version?: string };
  let commit = 'unknown commit';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: repoRoot,
      encoding: 'utf8',
    }).trim();
  } catch {
    // Not a git checkout (e.g. an unpacked release): the version alone must do.
  }
  return `${pkg.version ?? 'unknown'} (${commit}, dist/ as built from the work tree)`;
}

export function describeMachine(): MachineInfo {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1] ?? cpus()[0]?.model ?? 'unknown';
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    cpuModel: model.trim(),
    cores: cpus().length,
    ramGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    kubetalk: kubetalkVersion(),
    versions: pinnedVersions(),
  };
}

/** The 1-, 5- and 15-minute load averages, as /proc/loadavg shows them. */
export function loadAverage(): string {
  return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
}

export function oneMinuteLoad(): number {
  return Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
}

/** One markdown line per fact, for the top of a benchmark section. */
export function renderMachine(m: MachineInfo, loadAtStart: string): string {
  const v = Object.entries(m.versions)
    .map(([k, val]) => `${k === 'k8s' ? 'Kubernetes' : k} ${val}`)
    .join(', ');
  return [
    `- Measured ${m.date} on ${m.cores} × ${m.cpuModel}, ${m.ramGiB} GiB RAM; Node ${m.node}; kubetalk ${m.kubetalk}`,
    `- Control plane: ${v} (tools/local-cluster, on the same machine)`,
    `- Load average at start (1/5/15 min): ${loadAtStart}`,
  ].join('\n');
}
