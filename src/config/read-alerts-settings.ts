// The Alertmanager receiver (issue 13): its bearer tokens, cluster-wide namespaces, custom robot hosts and limits.
import type { AlertsConfig } from './config-types.ts';
import { DNS1123, HOST, list, type SettingReaders } from './setting-readers.ts';

export function readAlertsSettings({ raw, get, int, problems }: SettingReaders): AlertsConfig {
  const clusterNamespaces = list(get('KUBETALK_ALERTS_CLUSTER_NAMESPACES'));
  for (const n of clusterNamespaces)
    if (!DNS1123.test(n)) problems.push(`KUBETALK_ALERTS_CLUSTER_NAMESPACES: "${n}" is not a namespace name`);
  const robotAllowedHosts = list(get('KUBETALK_ALERTS_ROBOT_ALLOWED_HOSTS')).map((h) => h.toLowerCase());
  for (const h of robotAllowedHosts)
    if (!HOST.test(h)) problems.push(`KUBETALK_ALERTS_ROBOT_ALLOWED_HOSTS: "${h}" is not a host name`);
  const tokens = list(raw['KUBETALK_ALERTS_TOKEN'], /[,\n]/);
  for (const t of tokens)
    if (t.length < 16)
      problems.push(
        'KUBETALK_ALERTS_TOKEN: a token shorter than 16 characters is guessable; generate one with `openssl rand -hex 32`',
      );
  return {
    tokens,
    clusterNamespaces,
    robotAllowedHosts,
    maxBodyBytes: int('KUBETALK_ALERTS_MAX_BODY_BYTES', 1024, 33_554_432),
    dedupeMs: int('KUBETALK_ALERTS_DEDUPE_SECONDS', 60, 86_400) * 1000,
  };
}
