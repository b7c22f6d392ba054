// Starts bench/lib/floor-server.ts as its own process (one Node thread, like the controller) and stops it.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export interface FloorServer {
  readonly url: string;
  readonly pid: number;
  stop(): void;
}

export async function startFloorServer(secret: string): Promise<FloorServer> {
  const child = spawn(process.execPath, [join(import.meta.dirname, 'floor-server.ts'), secret], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  process.once('exit', () => child.kill('SIGKILL'));
  const lines = createInterface({ input: child.stdout });
  const first = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`floor server exited (${code})`)));
  });
  const { url } = JSON.parse(first) as { url: string };
  return { url, pid: child.pid ?? 0, stop: () => child.kill('SIGTERM') };
}
