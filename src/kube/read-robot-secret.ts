// Reads a custom robot's webhook URL and 加签 secret from a Secret, as the namespace's runner ServiceAccount: the
// controller itself has no right to read Secrets, so the namespace owner decides by the runner's Role.
import type { KubeConfig } from '@kubernetes/client-node';
import { ROBOT_SECRET_KEYS } from '../api/alert-route.ts';
import { createRunnerClients } from './clients.ts';

export type RobotSecret =
  | { readonly ok: true; readonly url: string; readonly secret: string }
  | { readonly ok: false; readonly transient: boolean; readonly reason: string };

export async function readRobotSecret(
  kc: KubeConfig,
  namespace: string,
  runnerName: string,
  secretName: string,
): Promise<RobotSecret> {
  const { core, user } = createRunnerClients(kc, { namespace, runnerName }, { callTimeoutMs: 10_000 });
  let data: Record<string, string> | undefined;
  try {
    data = (await core.readNamespacedSecret({ name: secretName, namespace })).data;
  } catch (err) {
    const code = (err as { code?: number }).code;
    if (code === 403)
      return {
        ok: false,
        transient: false,
        reason: `${user} may not get Secret ${secretName} (add it to the runner's Role)`,
      };
    if (code === 404) return { ok: false, transient: false, reason: `Secret ${secretName} does not exist` };
    return {
      ok: false,
      transient: true,
      reason: `cannot read Secret ${secretName}: ${code ?? 'network error'}`,
    };
  }
  const decode = (k: string): string =>
    data !== undefined && Object.hasOwn(data, k)
      ? Buffer.from(data[k] ?? '', 'base64')
          .toString('utf8')
          .trim()
      : '';
  const url = decode(ROBOT_SECRET_KEYS.url);
  if (url === '')
    return {
      ok: false,
      transient: false,
      reason: `Secret ${secretName} has no "${ROBOT_SECRET_KEYS.url}" key`,
    };
  return { ok: true, url, secret: decode(ROBOT_SECRET_KEYS.secret) };
}
