// Starts bench/lib/floor-server.ts as its own process (one Node thread, like the controller) and stops it.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export interface FloorServer {
  readonly url: string;
  readonly pid: number;
  stop(): void;
}

/** `reply`: the reply floor, which also posts one fixed reply to each verified message's sessionWebhook. */
export async function startFloorServer(secret: string, mode: 'ack' | 'reply' = 'ack'): Promise<FloorServer> {
  const child = spawn(process.execPath, [join(import.meta.dirname, 'floor-server.ts'), secret, mode], {
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
