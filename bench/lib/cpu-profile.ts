// Summarises a V8 .cpuprofile: the functions with the most self time, by file and line, for the hotspot notes.
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { repoRoot } from '../../tools/local-cluster/index.ts';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: {
    readonly functionName: string;
    readonly url: string;
    readonly lineNumber: number;
  };
  readonly children?: readonly number[];
}

interface Profile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

export interface Hotspot {
  readonly where: string;
  readonly selfMs: number;
  readonly share: number;
}

function place(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const file = url.startsWith('file://') ? relative(repoRoot, new URL(url).pathname) : url || '(native)';
  return `${functionName || '(anonymous)'} ${file}${url ? `:${lineNumber + 1}` : ''}`;
}

/** Top `n` functions by self time in every .cpuprofile under `dir`. */
export function topSelfTime(dir: string, n = 12): Hotspot[] {
  const self = new Map<string, number>();
  let total = 0;
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.cpuprofile'))) {
    const p = JSON.parse(readFileSync(join(dir, f), 'utf8')) as Profile;
    const byId = new Map(p.nodes.map((node) => [node.id, node]));
    p.samples.forEach((id, i) => {
      const node = byId.get(id);
      const dt = (p.timeDeltas[i] ?? 0) / 1000;
      if (!node) return;
      const key = place(node);
      self.set(key, (self.get(key) ?? 0) + dt);
      // Shares are of the time the thread was busy: idle time says nothing about where work goes.
      if (node.callFrame.functionName !== '(idle)') total += dt;
    });
  }
  return [...self.entries()]
    .filter(([k]) => !k.startsWith('(idle)'))
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([where, ms]) => ({ where, selfMs: ms, share: total > 0 ? ms / total : 0 }));
}

export function renderHotspots(spots: readonly Hotspot[]): string {
  return [
    '| self time | share | function and place |',
    '| --------: | ----: | ------------------ |',
    ...spots.map((s) => `| ${s.selfMs.toFixed(0)} ms | ${(s.share * 100).toFixed(1)} % | \`${s.where}\` |`),
  ].join('\n');
}
