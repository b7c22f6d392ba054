// Starts bench/lib/reply-sink-process.ts and reads its reply count over HTTP.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export interface RemoteSink {
  readonly host: string;
  readonly pid: number;
  sessionUrl(session: string): string;
  count(): Promise<number>;
  stop(): void;
}

export async function startSinkProcess(): Promise<RemoteSink> {
  const child = spawn(process.execPath, [join(import.meta.dirname, 'reply-sink-process.ts')], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  process.once('exit', () => child.kill('SIGKILL'));
  const lines = createInterface({ input: child.stdout });
  const first = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`reply sink exited (${code})`)));
  });
  const { host } = JSON.parse(first) as { host: string };
  return {
    host,
    pid: child.pid ?? 0,
    sessionUrl: (session) => `http://${host}/robot/sendBySession?session=${encodeURIComponent(session)}`,
    async count() {
      const res = await fetch(`http://${host}/stats`);
      return ((await res.json()) as { count: number }).count;
    },
    stop: () => child.kill('SIGTERM'),
  };
}
