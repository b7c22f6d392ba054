// Starts one real control plane for the whole e2e run and tears it down at the end.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import {
  BinariesUnavailableError,
  createControlPlane,
  type LocalControlPlane,
} from '../../tools/local-cluster/index.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    clusterStateDir: string;
    clusterUnavailable: string;
  }
}

let plane: LocalControlPlane | undefined;

export async function setup(project: TestProject): Promise<void> {
  const stateDir = process.env['KUBETALK_E2E_CLUSTER_DIR'] ?? mkdtempSync(join(tmpdir(), 'kubetalk-e2e-'));
  const log = (line: string): void => console.error(`[e2e cluster] ${line}`);
  try {
    plane = await createControlPlane(stateDir, log);
  } catch (err) {
    if (err instanceof BinariesUnavailableError && process.env['CI'] !== 'true') {
      const banner = '!'.repeat(100);
      console.error(`\n${banner}\n!!! E2E TESTS SKIPPED: ${err.message}\n${banner}\n`);
      project.provide('clusterStateDir', '');
      project.provide('clusterUnavailable', err.message);
      return;
    }
    throw err;
  }
  // If the runner dies without teardown, do not leave a control plane behind.
  process.once('exit', () => plane?.killNow());
  await plane.start();
  project.provide('clusterStateDir', stateDir);
  project.provide('clusterUnavailable', '');
}

export async function teardown(): Promise<void> {
  await plane?.stop(process.env['KUBETALK_E2E_KEEP'] === '1');
}
