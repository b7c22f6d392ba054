// Every configuration setting kubetalk reads: its environment variable, default and description. The README table
// mirrors this list (test/unit/config/readme-table.test.ts).
import { NETWORK_SETTINGS } from './settings-network.ts';
import { RUNTIME_SETTINGS } from './settings-runtime.ts';

export interface Setting {
  readonly env: string;
  readonly default: string;
  readonly description: string;
  readonly secret?: boolean;
}
/** The documented settings, in README order. `_FILE` variants read the value from a mounted file. */
export const SETTINGS: readonly Setting[] = [...NETWORK_SETTINGS, ...RUNTIME_SETTINGS];

/** Variables of the development tools (local cluster, e2e harness) that may share a shell with the controller. */
const TOOLING_VARIABLE = /^KUBETALK_(CACHE|BIN_DIR|CLUSTER_DIR|E2E_[A-Z_]+)$/;

/** Names of every documented setting, and their `_FILE` variants. */
export function isKnownSetting(name: string): boolean {
  if (TOOLING_VARIABLE.test(name)) return true;
  const base = name.endsWith('_FILE') ? name.slice(0, -'_FILE'.length) : name;
  return SETTINGS.some((s) => s.env === name || s.env === base);
}
