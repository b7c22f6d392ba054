// The local control plane used by tests, `npm run cluster:*` and the demo: find or build binaries, then run them.
import { join, resolve } from 'node:path';
import { buildBinaries, hasGo, locateBinaries, type Binaries, type BinaryName } from './binaries.ts';
import { LocalControlPlane } from './control-plane.ts';

export {
  LocalControlPlane,
  readClusterState,
  LOG_CONTAINERS,
  KWOK_NODE_NAMES,
  type ClusterState,
} from './control-plane.ts';
export { issueClientCert } from './pki.ts';
export { writeKubeconfig, renderKubeconfig } from './kubeconfig.ts';
export type { Binaries, BinaryName };

export const repoRoot = resolve(import.meta.dirname, '..', '..');

/** Where `npm run cluster:up` keeps its cluster; tests use their own temporary folder instead. */
export function defaultStateDir(): string {
  return process.env['KUBETALK_CLUSTER_DIR'] ?? join(repoRoot, '.cache', 'cluster');
}

export class BinariesUnavailableError extends Error {
  readonly missing: readonly BinaryName[];
  constructor(missing: readonly BinaryName[]) {
    super(
      `control-plane binaries missing (${missing.join(', ')}) and Go is not installed to build them. ` +
        'Install Go 1.26+ or point KUBETALK_BIN_DIR at a folder with the prebuilt binaries.',
    );
    this.missing = missing;
  }
}

/** Returns the binaries, building the missing ones first when Go is available. */
export async function ensureBinaries(progress: (line: string) => void): Promise<Binaries> {
  let { binaries, missing } = locateBinaries();
  if (missing.length === 0) return binaries;
  if (!hasGo()) throw new BinariesUnavailableError(missing);
  progress(`building control-plane binaries (${missing.join(', ')}); the first build takes 10-25 minutes`);
  await buildBinaries(progress);
  ({ binaries, missing } = locateBinaries());
  if (missing.length > 0) throw new Error(`build finished but still missing: ${missing.join(', ')}`);
  return binaries;
}

export async function createControlPlane(
  stateDir: string,
  progress: (line: string) => void,
): Promise<LocalControlPlane> {
  const binaries = await ensureBinaries(progress);
  return new LocalControlPlane({ stateDir, binaries, progress });
}
