// parseConfig: raw string settings (environment merged over file) → a validated Config, or a ConfigError naming
// every problem at once. Each concern reads its own settings (read-*.ts); the checks across concerns are here.
import { ConfigError } from './config-error.ts';
import type { Config } from './config-types.ts';
import { readAccessSettings } from './read-access-settings.ts';
import { readAlertsSettings } from './read-alerts-settings.ts';
import { readDingTalkSettings } from './read-chat-settings.ts';
import { readWebhookSettings } from './read-webhook-settings.ts';
import { createSettingReaders, DNS1123, type RawSettings, type SettingReaders } from './setting-readers.ts';

export function parseConfig(raw: RawSettings): Config {
  const problems: string[] = [];
  const r = createSettingReaders(raw, problems);
  const { int, bool } = r;
  const config: Config = {
    publicPort: int('KUBETALK_PUBLIC_PORT', 0, 65535),
    internalPort: int('KUBETALK_INTERNAL_PORT', 0, 65535),
    bindAddress: r.get('KUBETALK_BIND_ADDRESS'),
    dingtalk: readDingTalkSettings(r),
    ...readAccessSettings(r),
    actionTimeoutMs: int('KUBETALK_ACTION_TIMEOUT_SECONDS', 1, 600) * 1000,
    shutdownTimeoutMs: int('KUBETALK_SHUTDOWN_TIMEOUT_SECONDS', 1, 600) * 1000,
    livenessGraceMs: int('KUBETALK_LIVENESS_GRACE_SECONDS', 1, 3600) * 1000,
    dedupeTtlMs: int('KUBETALK_DEDUPE_TTL_SECONDS', 60, 86_400) * 1000,
    resyncIntervalMs: int('KUBETALK_RESYNC_SECONDS', 1, 3600) * 1000,
    watchTimeoutSeconds: int('KUBETALK_WATCH_TIMEOUT_SECONDS', 1, 1800),
    identities: {
      enabled: bool('KUBETALK_CHAT_IDENTITIES'),
      reviewCacheTtlMs: int('KUBETALK_ACCESS_REVIEW_CACHE_SECONDS', 1, 600) * 1000,
      reviewCacheMaxEntries: int('KUBETALK_ACCESS_REVIEW_CACHE_SIZE', 1, 1_000_000),
    },
    limits: {
      userPerMinute: int('KUBETALK_RATE_LIMIT_USER_PER_MINUTE', 0, 10_000),
      conversationPerMinute: int('KUBETALK_RATE_LIMIT_CONVERSATION_PER_MINUTE', 0, 10_000),
      maxConcurrentActions: int('KUBETALK_MAX_CONCURRENT_ACTIONS', 1, 1000),
      maxFollowUps: int('KUBETALK_MAX_FOLLOW_UPS', 0, 10_000),
    },
    approvals: {
      sweepIntervalMs: int('KUBETALK_APPROVAL_SWEEP_SECONDS', 1, 3600) * 1000,
      ttlMs: int('KUBETALK_APPROVAL_TTL_SECONDS', 60, 31_536_000) * 1000,
      maxPendingPerCommand: int('KUBETALK_APPROVAL_MAX_PENDING_PER_COMMAND', 1, 1000),
      maxPendingPerSender: int('KUBETALK_APPROVAL_MAX_PENDING_PER_SENDER', 1, 1000),
    },
    webhook: readWebhookSettings(r),
    coordination: readCoordinationSettings(r),
    alerts: readAlertsSettings(r),
  };
  problems.push(...checkAcrossSettings(config));
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

function readCoordinationSettings({ raw, get, int, bool }: SettingReaders): Config['coordination'] {
  return {
    namespace: raw['KUBETALK_COORDINATION_NAMESPACE'] ?? raw['POD_NAMESPACE'] ?? '',
    identity: raw['POD_NAME'] ?? raw['HOSTNAME'] ?? `kubetalk-${process.pid}`,
    leaderElection: bool('KUBETALK_LEADER_ELECTION'),
    leaseName: get('KUBETALK_LEASE_NAME'),
    leaseDurationMs: int('KUBETALK_LEASE_DURATION_SECONDS', 2, 300) * 1000,
    claimTtlMs: int('KUBETALK_CLAIM_TTL_SECONDS', 60, 86_400) * 1000,
  };
}

/** Settings valid one by one that do not fit together. */
function checkAcrossSettings(config: Config): string[] {
  const problems: string[] = [];
  if (config.coordination.claimTtlMs < config.dingtalk.signatureWindowMs) {
    problems.push(
      'KUBETALK_CLAIM_TTL_SECONDS must be at least KUBETALK_SIGNATURE_WINDOW_SECONDS: a replayed header must still find its claim',
    );
  }
  if (config.coordination.namespace !== '' && !DNS1123.test(config.coordination.namespace)) {
    problems.push(
      `KUBETALK_COORDINATION_NAMESPACE: "${config.coordination.namespace}" is not a valid namespace name`,
    );
  }
  if (config.publicPort !== 0 && config.publicPort === config.internalPort) {
    problems.push(
      'KUBETALK_PUBLIC_PORT and KUBETALK_INTERNAL_PORT must differ: metrics must not be reachable on the public port',
    );
  }
  return problems;
}
