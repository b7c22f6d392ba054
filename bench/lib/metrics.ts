// Reads the controller's Prometheus metrics and its /proc entry (RSS and CPU time, sampled without asking it).
import { readFileSync } from 'node:fs';

/** Unlabelled samples only (`name value`), which is what the gauges used here are. */
export async function scrapeMetrics(internalUrl: string): Promise<Map<string, number>> {
  const text = await (await fetch(`${internalUrl}/metrics`)).text();
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || line === '') continue;
    const m = /^([a-zA-Z_:][\w:]*)(\{[^}]*\})?\s+(\S+)/.exec(line);
    if (!m) continue;
    const [, name, labels, value] = m;
    if (name === undefined || value === undefined) continue;
    const key = labels ? `${name}${labels}` : name;
    out.set(key, Number(value));
  }
  return out;
}

export function metric(m: Map<string, number>, name: string): number {
  return m.get(name) ?? Number.NaN;
}

const CLK_TCK = 100;

/** User+system CPU seconds a process has used so far (fields 14 and 15 of /proc/PID/stat). */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name may contain spaces; fields are counted after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
}

/** Resident set size in bytes, from /proc/PID/status (VmRSS). */
export function rssBytes(pid: number): number {
  const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : Number.NaN;
}

/** Samples RSS every `everyMs` until stopped; returns the peak and every sample. */
export function watchRss(pid: number, everyMs = 50): { stop(): { peak: number; samples: number[] } } {
  const samples: number[] = [];
  const take = (): void => {
    try {
      samples.push(rssBytes(pid));
    } catch {
      // The process ended; the samples so far stand.
    }
  };
  take();
  const timer = setInterval(take, everyMs);
  return {
    stop() {
      clearInterval(timer);
      take();
      return { peak: Math.max(...samples), samples };
    },
  };
}
