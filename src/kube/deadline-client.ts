// API clients for the controller's own identity whose every call has a deadline, so a hung API server can never
// hold a claim, a lease renewal or a status write forever (undici's own limit is minutes).
import type { Configuration, KubeConfig } from '@kubernetes/client-node';
import { createSignalMiddleware } from './clients.ts';
import { createClientConfiguration } from './shared-connection.ts';

export function makeDeadlineClient<T>(
  kc: KubeConfig,
  api: new (config: Configuration) => T,
  callTimeoutMs: number,
): T {
  return new api(createClientConfiguration(kc, [createSignalMiddleware(undefined, callTimeoutMs)]));
}
