// Finds the control-plane binaries (prebuilt or cached) and builds them from Go modules when missing.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { execFileSync } from 'node:child_process';

export const BINARY_NAMES = [
  'kube-apiserver',
  'kube-controller-manager',
  'kube-scheduler',
  'kubectl',
  'etcd',
  'kwok',
  'helm',
] as const;
export type BinaryName = (typeof BINARY_NAMES)[number];
export type Binaries = Readonly<Record<BinaryName, string>>;

const repoRoot = resolve(import.meta.dirname, '..', '..');
const buildScript = join(repoRoot, 'scripts', 'cluster', 'build-binaries.sh');

/** The folder the build script uses for the pinned versions (it owns the version pins). */
export function readDefaultBinDir(): string {
  return execFileSync(
    'bash',
    ['-c', `. "${join(repoRoot, 'scripts/cluster/versions.sh')}" && echo "$KUBETALK_BIN_DIR"`],
    {
      encoding: 'utf8',
    },
  ).trim();
}

/**
 * Prebuilt binaries win: KUBETALK_BIN_DIR, then KUBEBUILDER_ASSETS (envtest's convention, which lacks kwok and
 * helm, so those still come from the cache), then the versioned cache the build script fills.
 */
export function locateBinaries(): { binaries: Binaries; missing: BinaryName[] } {
  const dirs = [
    process.env['KUBETALK_BIN_DIR'],
    process.env['KUBEBUILDER_ASSETS'],
    readDefaultBinDir(),
  ].filter((d): d is string => typeof d === 'string' && d !== '');
  const found: Partial<Record<BinaryName, string>> = {};
  const missing: BinaryName[] = [];
  for (const name of BINARY_NAMES) {
    const dir = dirs.find((d) => existsSync(join(d, name)));
    if (dir) found[name] = join(dir, name);
    else missing.push(name);
  }
  return { binaries: found as Binaries, missing };
}

export function hasGo(): boolean {
  try {
    execFileSync('go', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Runs the build script, streaming its progress lines to `onLine`. */
export async function buildBinaries(onLine: (line: string) => void): Promise<void> {
  await new Promise<void>((resolveBuild, reject) => {
    const child = spawn('bash', [buildScript], { stdio: ['ignore', 'pipe', 'pipe'] });
    let tail = '';
    const forward = (chunk: Buffer): void => {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (line.trim() === '') continue;
        tail = (tail + '\n' + line).slice(-4000);
        // go's own "downloading" chatter is noise; the script's [hh:mm:ss] step lines are the progress.
        if (!line.startsWith('go: ')) onLine(line);
      }
    };
    child.stdout.on('data', forward);
    child.stderr.on('data', forward);
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolveBuild() : reject(new Error(`binary build failed (${code}):${tail}`)),
    );
  });
}
