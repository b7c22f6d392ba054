// Starts, tracks (by pid file) and stops the control-plane processes, each with its own log file.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export interface ManagedProcess {
  readonly name: string;
  readonly pid: number;
  readonly logFile: string;
}

/** Spawns detached so that `cluster:up` can exit and leave the cluster running; pid files find it again. */
export function startProcess(
  stateDir: string,
  name: string,
  bin: string,
  args: readonly string[],
): ManagedProcess {
  const logFile = join(stateDir, 'logs', `${name}.log`);
  const fd = openSync(logFile, 'a');
  const child = spawn(bin, args, { detached: true, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  child.unref();
  if (child.pid === undefined) throw new Error(`could not start ${name} (${bin})`);
  writeFileSync(join(stateDir, `${name}.pid`), String(child.pid));
  return { name, pid: child.pid, logFile };
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export function readPid(stateDir: string, name: string): number | undefined {
  const f = join(stateDir, `${name}.pid`);
  if (!existsSync(f)) return undefined;
  const pid = Number(readFileSync(f, 'utf8').trim());
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/** SIGTERM, then SIGKILL after a grace period; removes the pid file. */
export async function stopProcess(stateDir: string, name: string, graceMs = 10_000): Promise<void> {
  const pid = readPid(stateDir, name);
  rmSync(join(stateDir, `${name}.pid`), { force: true });
  if (pid === undefined || !isAlive(pid)) return;
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return;
    await sleep(100);
  }
  if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  while (isAlive(pid)) await sleep(50);
}

export function tailLog(file: string, lines = 30): string {
  if (!existsSync(file)) return '(no log)';
  return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
}

/** Polls `probe` until it returns true; fails with the process's log tail if it dies or time runs out. */
export async function waitFor(
  what: string,
  probe: () => Promise<boolean>,
  opts: { timeoutMs: number; process?: ManagedProcess },
): Promise<void> {
  const deadline = Date.now() + opts.timeoutMs;
  while (Date.now() < deadline) {
    if (await probe().catch(() => false)) return;
    if (opts.process && !isAlive(opts.process.pid)) {
      throw new Error(`${what}: ${opts.process.name} exited\n${tailLog(opts.process.logFile)}`);
    }
    await sleep(200);
  }
  const log = opts.process ? `\n${tailLog(opts.process.logFile)}` : '';
  throw new Error(`${what}: not ready after ${opts.timeoutMs} ms${log}`);
}

/** Asks the kernel for a free loopback port. */
export async function findFreePort(): Promise<number> {
  return await new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolvePort(port));
    });
  });
}
