// Every configuration setting: its environment variable, default, and validation. The README table mirrors this.
import { isLocale, type Locale } from '../i18n/catalog.ts';
import type { LogLevel } from '../log/logger.ts';
import { isIP } from 'node:net';
import type { AddressKind } from '../webhook/classify-address.ts';

export interface Config {
  readonly publicPort: number;
  readonly internalPort: number;
  readonly bindAddress: string;
  readonly dingtalk: {
    /** Current secret first, then previous ones still accepted during a rotation. */
    readonly appSecrets: readonly string[];
    readonly signatureWindowMs: number;
    readonly maxBodyBytes: number;
    /** When set, a callback's `chatbotCorpId` must equal it (else 401). */
    readonly corpId: string;
    /** When set explicitly, a callback's `robotCode` must equal it (else 401); never defaulted. */
    readonly identityRobotCode: string;
    readonly replyAllowedHosts: readonly string[];
    readonly replyAllowInsecureHttp: boolean;
    // Stream mode and the OpenAPI sender (issue 12).
    /** How messages arrive: the signed HTTP callback, the outbound Stream connection, or both. */
    readonly mode: InboundMode;
    /** Client ID (AppKey); empty = no Stream and no OpenAPI sender. */
    readonly clientId: string;
    /** robotCode of OpenAPI sends: KUBETALK_DINGTALK_ROBOT_CODE, or the Client ID. */
    readonly robotCode: string;
    readonly openApiUrl: string;
    readonly streamGatewayUrl: string;
    readonly apiAllowedHosts: readonly string[];
    readonly apiAllowInsecure: boolean;
    /** A reply whose sessionWebhook expires within this goes through the OpenAPI instead. */
    readonly replyFallbackMs: number;
  };
  /** Empty = watch ChatCommands in all namespaces. */
  readonly namespaces: readonly string[];
  /** Namespaces whose ChatCommands may use allow.conversations "*"; ["*"] = every namespace; empty = none. */
  readonly anyConversationNamespaces: readonly string[];
  readonly runnerServiceAccount: string;
  readonly locale: Locale;
  readonly logLevel: LogLevel;
  readonly actionTimeoutMs: number;
  readonly shutdownTimeoutMs: number;
  /** How far past its own deadline a background loop's step may run before /healthz fails. */
  readonly livenessGraceMs: number;
  readonly dedupeTtlMs: number;
  readonly resyncIntervalMs: number;
  /** Server-side timeout of every watch; a watch silent well past it is restarted and reported hung. */
  readonly watchTimeoutSeconds: number;
  /** ChatIdentities and allow.kubernetesAccess (issue 17). */
  readonly identities: {
    /** Watch ChatIdentities; off: commands with allow.kubernetesAccess are refused. */
    readonly enabled: boolean;
    readonly reviewCacheTtlMs: number;
    readonly reviewCacheMaxEntries: number;
  };
  readonly limits: {
    /** Commands one sender may start per rolling minute (0 = unlimited). */
    readonly userPerMinute: number;
    /** Commands one conversation may start per rolling minute (0 = unlimited). */
    readonly conversationPerMinute: number;
    /** Actions running at once in this process; more are refused with a retry hint. */
    readonly maxConcurrentActions: number;
    /** Rollouts followed at once in this process (one poller per workload); more get a clear reply. */
    readonly maxFollowUps: number;
  };
  /** Confirmations and approvals: ChatRequests (docs/design/0012-approvals.md). */
  readonly approvals: {
    /** How often every replica sweeps ChatRequests (expiry, abandoned runs, deletion after the TTL). */
    readonly sweepIntervalMs: number;
    /** Ended ChatRequests are deleted this long after they ended. */
    readonly ttlMs: number;
    readonly maxPendingPerCommand: number;
    readonly maxPendingPerSender: number;
  };
  /** Guard rails of the outbound webhook action (docs/design/0006-day-2-actions.md). */
  readonly webhook: {
    /** Hosts a webhook may call (`host` or `*.domain`); empty = none. */
    readonly allowedHosts: readonly string[];
    /** Address kinds allowed besides public ones (loopback, private, link-local, cluster, …); empty = none. */
    readonly allowAddressKinds: readonly AddressKind[];
    readonly allowHttp: boolean;
    readonly clusterCidrs: readonly string[];
  };
  readonly coordination: {
    /** Namespace of the shared records (message claims, leader Lease); empty = this process only. */
    readonly namespace: string;
    /** This replica's identity in the leader Lease. */
    readonly identity: string;
    readonly leaderElection: boolean;
    readonly leaseName: string;
    readonly leaseDurationMs: number;
    /** How long a message claim is kept; covers DingTalk's redeliveries and the signature window. */
    readonly claimTtlMs: number;
  };
  /** The Alertmanager receiver and AlertRoutes (issue 13). */
  readonly alerts: AlertsConfig;
}

// Alerts (issue 13).
export interface AlertsConfig {
  /** Bearer tokens Alertmanager must send; empty = the receiver is off (404). */
  readonly tokens: readonly string[];
  /** Namespaces whose AlertRoutes receive alerts without a namespace label. */
  readonly clusterNamespaces: readonly string[];
  /** Exact hosts custom robot webhook URLs may point at. */
  readonly robotAllowedHosts: readonly string[];
  readonly maxBodyBytes: number;
  /** How long a delivered alert message is remembered, so Alertmanager's retries post it once. */
  readonly dedupeMs: number;
}

export const INBOUND_MODES = ['http', 'stream', 'both'] as const;
export type InboundMode = (typeof INBOUND_MODES)[number];

type Raw = Readonly<Record<string, string | undefined>>;

export interface Setting {
  readonly env: string;
  readonly default: string;
  readonly description: string;
  readonly secret?: boolean;
}

/** The documented settings, in README order. `_FILE` variants read the value from a mounted file. */
export const SETTINGS: readonly Setting[] = [
  {
    env: 'KUBETALK_DINGTALK_APP_SECRET',
    default: '(required)',
    description:
      'DingTalk app secret (Client Secret) used to verify callbacks. `KUBETALK_DINGTALK_APP_SECRET_FILE` reads it from a file.',
    secret: true,
  },
  {
    env: 'KUBETALK_DINGTALK_PREVIOUS_APP_SECRETS',
    default: '',
    description:
      'Comma-separated older secrets still accepted while you rotate (`_FILE` variant: one per line).',
    secret: true,
  },
  // Stream mode and the OpenAPI sender (issue 12).
  {
    env: 'KUBETALK_DINGTALK_MODE',
    default: 'http',
    description:
      '`http` (signed callback; needs an Ingress), `stream` (outbound WebSocket; no Ingress) or `both`.',
  },
  {
    env: 'KUBETALK_DINGTALK_CLIENT_ID',
    default: '',
    description:
      'Client ID (AppKey) of the app; required for `stream`/`both`. When set, late replies go through the OpenAPI.',
  },
  {
    env: 'KUBETALK_DINGTALK_API_URL',
    default: '(api.dingtalk.com)',
    description:
      'OpenAPI base URL (token, group and 1:1 sends), default `https://api.dingtalk.com`. Change only for tests.',
  },
  {
    env: 'KUBETALK_DINGTALK_STREAM_GATEWAY_URL',
    default: '(api.dingtalk.com)',
    description: 'Base URL of the Stream gateway (`/v1.0/gateway/connections/open`). Change only for tests.',
  },
  {
    env: 'KUBETALK_DINGTALK_API_ALLOWED_HOSTS',
    default: '(DingTalk hosts)',
    description:
      'Exact hosts for the OpenAPI, gateway and Stream endpoint; default `api.dingtalk.com` and `wss-open-connection[-union].dingtalk.com`.',
  },
  {
    env: 'KUBETALK_DINGTALK_API_ALLOW_INSECURE',
    default: 'false',
    description: 'Allow http:// and ws:// DingTalk API URLs (tests and the local simulator only).',
  },
  {
    env: 'KUBETALK_DINGTALK_REPLY_FALLBACK_SECONDS',
    default: '60',
    description:
      'A reply whose sessionWebhook expires within this many seconds goes through the OpenAPI instead (needs the Client ID).',
  },
  {
    env: 'KUBETALK_PUBLIC_PORT',
    default: '8080',
    description: 'Port of the public callback server (`POST /callbacks/dingtalk`).',
  },
  {
    env: 'KUBETALK_INTERNAL_PORT',
    default: '9090',
    description: 'Port of `/metrics`, `/healthz`, `/readyz`; keep it off the Ingress.',
  },
  { env: 'KUBETALK_BIND_ADDRESS', default: '0.0.0.0', description: 'Address both servers listen on.' },
  {
    env: 'KUBETALK_NAMESPACES',
    default: '',
    description: 'Comma-separated namespaces whose ChatCommands are honoured; empty = all namespaces.',
  },
  {
    env: 'KUBETALK_ANY_CONVERSATION_NAMESPACES',
    default: '',
    description:
      'Comma-separated namespaces whose ChatCommands may use `allow.conversations: ["*"]` (any conversation, direct chats included); `*` = every namespace; empty = none. Elsewhere such a command is not Ready (ConversationWildcardNotAllowed) and never runs.',
  },
  {
    env: 'KUBETALK_RUNNER_SERVICE_ACCOUNT',
    default: 'kubetalk-runner',
    description:
      "ServiceAccount actions impersonate in the ChatCommand's namespace (missing: refused). Never `default`, `builder`, `deployer`, `pipeline`.",
  },
  {
    env: 'KUBETALK_REPLY_ALLOWED_HOSTS',
    default: 'oapi.dingtalk.com',
    description: 'Comma-separated hosts a sessionWebhook may point at; replies elsewhere are refused.',
  },
  {
    env: 'KUBETALK_REPLY_ALLOW_INSECURE_HTTP',
    default: 'false',
    description: 'Allow http:// reply webhooks (tests and the local simulator only).',
  },
  {
    env: 'KUBETALK_WEBHOOK_ALLOWED_HOSTS',
    default: '',
    description:
      'Comma-separated hosts the webhook action may call (`jenkins.example.com`, `*.example.com`); empty: none.',
  },
  {
    env: 'KUBETALK_WEBHOOK_ALLOW_ADDRESSES',
    default: '',
    description:
      'Comma-separated address kinds a webhook may reach besides public ones: loopback, private, link-local, cluster, unspecified, multicast, reserved.',
  },
  {
    env: 'KUBETALK_WEBHOOK_ALLOW_HTTP',
    default: 'false',
    description: 'Allow http:// webhook URLs (credentials then travel in clear text).',
  },
  {
    env: 'KUBETALK_WEBHOOK_CLUSTER_CIDRS',
    default: '',
    description: "Comma-separated pod and service CIDRs; webhook addresses in them count as 'cluster'.",
  },
  {
    env: 'KUBETALK_SIGNATURE_WINDOW_SECONDS',
    default: '300',
    description:
      "Accepted clock difference of a callback `timestamp`, at most DingTalk's 3600; also how long a captured header pair is usable.",
  },
  {
    env: 'KUBETALK_DINGTALK_CORP_ID',
    default: '',
    description: 'When set, a callback whose `chatbotCorpId` is not this corp id (`ding…`) gets 401.',
  },
  {
    env: 'KUBETALK_DINGTALK_ROBOT_CODE',
    default: '(client ID)',
    description:
      "The app robot's robotCode (for app robots, the Client ID / AppKey): used for OpenAPI sends; when set explicitly, a callback whose `robotCode` differs gets 401.",
  },
  {
    env: 'KUBETALK_MAX_BODY_BYTES',
    default: '65536',
    description: 'Largest callback body accepted; larger gets 413.',
  },
  {
    env: 'KUBETALK_LOCALE',
    default: 'en',
    description: 'Reply language when a message has no Chinese characters: `en` or `zh-CN`.',
  },
  { env: 'KUBETALK_LOG_LEVEL', default: 'info', description: '`debug`, `info`, `warn` or `error`.' },
  {
    env: 'KUBETALK_ACTION_TIMEOUT_SECONDS',
    default: '30',
    description:
      'Deadline of the API calls of one chat command (rollout follow-ups have their own, from the ChatCommand).',
  },
  {
    env: 'KUBETALK_SHUTDOWN_TIMEOUT_SECONDS',
    default: '25',
    description: 'On SIGTERM, how long in-flight commands and replies may take to finish.',
  },
  {
    env: 'KUBETALK_LIVENESS_GRACE_SECONDS',
    default: '60',
    description:
      "`/healthz` fails (the kubelet restarts the pod) when a background loop (the Stream connection, leader election) overran one step's own deadline by this long, or crashed.",
  },
  {
    env: 'KUBETALK_DEDUPE_TTL_SECONDS',
    default: '600',
    description: 'How long a DingTalk msgId is remembered so redeliveries run once.',
  },
  {
    env: 'KUBETALK_RESYNC_SECONDS',
    default: '60',
    description:
      'How often ChatCommand status is re-checked (runner ServiceAccounts are watched; this repairs a failed status write).',
  },
  {
    env: 'KUBETALK_WATCH_TIMEOUT_SECONDS',
    default: '60',
    description:
      'Watches end and re-open at least this often; one silent for about this plus 2×max(5 s, ¼ of it) more is reported hung (`/readyz` 503).',
  },
  {
    env: 'KUBETALK_CHAT_IDENTITIES',
    default: 'true',
    description:
      'Watch ChatIdentities (chat user → Kubernetes user) for `allow.kubernetesAccess`; needs their CRD. Off: such commands are refused.',
  },
  {
    env: 'KUBETALK_ACCESS_REVIEW_CACHE_SECONDS',
    default: '10',
    description:
      'How long a SubjectAccessReview answer is reused: a removed RoleBinding takes effect in chat within this time.',
  },
  {
    env: 'KUBETALK_ACCESS_REVIEW_CACHE_SIZE',
    default: '10000',
    description: 'SubjectAccessReview answers kept at most (least recently used go first).',
  },
  {
    env: 'KUBETALK_RATE_LIMIT_USER_PER_MINUTE',
    default: '10',
    description:
      'Commands one sender may start per minute; more get a "try again in N s" reply (0 = unlimited).',
  },
  {
    env: 'KUBETALK_RATE_LIMIT_CONVERSATION_PER_MINUTE',
    default: '30',
    description: 'Commands one conversation may start per minute (0 = unlimited).',
  },
  {
    env: 'KUBETALK_MAX_CONCURRENT_ACTIONS',
    default: '8',
    description: 'Actions running at once per replica; more are refused with a retry hint.',
  },
  {
    env: 'KUBETALK_MAX_FOLLOW_UPS',
    default: '50',
    description:
      'Rollouts followed at once per replica (one poller per workload, shared by everyone who asked); beyond it a command still runs and says it will not follow.',
  },
  // Confirmations and approvals (docs/design/0012-approvals.md).
  {
    env: 'KUBETALK_APPROVAL_SWEEP_SECONDS',
    default: '10',
    description:
      'How often every replica looks for ChatRequests past their time limit (and announces the expiry), and for ended ones to delete.',
  },
  {
    env: 'KUBETALK_APPROVAL_TTL_SECONDS',
    default: '604800',
    description:
      'Ended ChatRequests (the audit trail in the cluster) are deleted this long after they ended.',
  },
  {
    env: 'KUBETALK_APPROVAL_MAX_PENDING_PER_COMMAND',
    default: '20',
    description:
      'ChatRequests one ChatCommand may have waiting for a decision at once; more are refused politely.',
  },
  {
    env: 'KUBETALK_APPROVAL_MAX_PENDING_PER_SENDER',
    default: '5',
    description:
      'ChatRequests one sender may have waiting in a namespace at once; more are refused politely.',
  },
  {
    env: 'KUBETALK_COORDINATION_NAMESPACE',
    default: '$POD_NAMESPACE',
    description:
      'Namespace of the shared records replicas coordinate through (message claims, the leader Lease). Empty outside a cluster: this process alone.',
  },
  {
    env: 'KUBETALK_LEADER_ELECTION',
    default: 'true',
    description:
      'Elect one replica (Lease) to write ChatCommand status; every replica serves callbacks. Needs a coordination namespace.',
  },
  { env: 'KUBETALK_LEASE_NAME', default: 'kubetalk-leader', description: 'Name of the leader Lease.' },
  {
    env: 'KUBETALK_LEASE_DURATION_SECONDS',
    default: '15',
    description: 'How long a leader holds the Lease without renewing; a standby takes over after it.',
  },
  {
    env: 'KUBETALK_CLAIM_TTL_SECONDS',
    default: '4200',
    description: 'How long a message claim (exactly-once record) is kept; at least the signature window.',
  },
  // Alerts (issue 13).
  {
    env: 'KUBETALK_ALERTS_TOKEN',
    default: '',
    description:
      'Bearer token Alertmanager sends to `POST /alerts/alertmanager` (`http_config.authorization`); empty: the receiver is off. `_FILE` variant: comma- or newline-separated tokens, for a rotation.',
    secret: true,
  },
  {
    env: 'KUBETALK_ALERTS_CLUSTER_NAMESPACES',
    default: '',
    description:
      'Comma-separated namespaces whose AlertRoutes receive alerts that have no `namespace` label; empty: such alerts reach no route.',
  },
  {
    env: 'KUBETALK_ALERTS_ROBOT_ALLOWED_HOSTS',
    default: 'oapi.dingtalk.com',
    description:
      'Exact hosts a custom group robot URL (AlertRoute `to.robot`) may point at; http:// only with `KUBETALK_DINGTALK_API_ALLOW_INSECURE`.',
  },
  {
    env: 'KUBETALK_ALERTS_MAX_BODY_BYTES',
    default: '4194304',
    description:
      'Largest Alertmanager payload accepted; larger gets 413 (lower `max_alerts` in Alertmanager).',
  },
  {
    env: 'KUBETALK_ALERTS_DEDUPE_SECONDS',
    default: '600',
    description:
      'How long a delivered alert message is remembered, so Alertmanager retries post it once; identical repeats (`repeat_interval`) within it are not posted again.',
  },
  {
    env: 'POD_NAME',
    default: '(hostname)',
    description: "This replica's identity (set by the chart from the downward API).",
  },
  {
    env: 'KUBETALK_CONFIG_FILE',
    default: '',
    description: 'Optional YAML file with any of these variables as keys; the environment wins.',
  },
  { env: 'KUBECONFIG', default: '(in-cluster)', description: 'Kubeconfig to use outside a cluster.' },
];

/** Variables of the development tools (local cluster, e2e harness) that may share a shell with the controller. */
const DEFAULT_DINGTALK_API_URL = 'https://api.dingtalk.com';
const DEFAULT_DINGTALK_API_HOSTS =
  'api.dingtalk.com,wss-open-connection.dingtalk.com,wss-open-connection-union.dingtalk.com';

const TOOLING_VARIABLE = /^KUBETALK_(CACHE|BIN_DIR|CLUSTER_DIR|E2E_[A-Z_]+)$/;

/** Names of every documented setting, and their `_FILE` variants. */
export function isKnownSetting(name: string): boolean {
  if (TOOLING_VARIABLE.test(name)) return true;
  const base = name.endsWith('_FILE') ? name.slice(0, -'_FILE'.length) : name;
  return SETTINGS.some((s) => s.env === name || s.env === base);
}

export class ConfigError extends Error {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];
const HOST = /^[a-z0-9.-]+(:\d{1,5})?$/i;
const DNS1123 = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** Names Kubernetes (default) or OpenShift (builder, deployer, pipeline) create in every namespace: never a runner. */
export const SHARED_SERVICE_ACCOUNTS: readonly string[] = ['default', 'builder', 'deployer', 'pipeline'];

function list(v: string | undefined, sep: RegExp = /,/): string[] {
  return (v ?? '')
    .split(sep)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** Validates raw string settings (environment merged over file), collecting every problem at once. */
export function parseConfig(raw: Raw): Config {
  const problems: string[] = [];
  const get = (k: string): string => raw[k] ?? SETTINGS.find((s) => s.env === k)?.default ?? '';
  const int = (k: string, min: number, max: number): number => {
    const v = get(k);
    if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) {
      problems.push(`${k}=${JSON.stringify(v)}: expected a whole number from ${min} to ${max}`);
      return min;
    }
    return Number(v);
  };
  const bool = (k: string): boolean => {
    const v = get(k).toLowerCase();
    if (!['true', 'false', '1', '0', 'yes', 'no'].includes(v))
      problems.push(`${k}=${JSON.stringify(v)}: expected true or false`);
    return ['true', '1', 'yes'].includes(v);
  };

  const current = raw['KUBETALK_DINGTALK_APP_SECRET'] ?? '';
  if (current === '') {
    problems.push(
      'KUBETALK_DINGTALK_APP_SECRET is not set: copy the Client Secret of your DingTalk app (developer console → app → Credentials) into it, or mount it and set KUBETALK_DINGTALK_APP_SECRET_FILE',
    );
  }
  const previous = list(raw['KUBETALK_DINGTALK_PREVIOUS_APP_SECRETS'], /[,\n]/);
  const hosts = list(get('KUBETALK_REPLY_ALLOWED_HOSTS')).map((h) => h.toLowerCase());
  if (hosts.length === 0)
    problems.push(
      'KUBETALK_REPLY_ALLOWED_HOSTS is empty: replies could go nowhere; keep the default oapi.dingtalk.com',
    );
  for (const h of hosts) {
    if (!HOST.test(h))
      problems.push(`KUBETALK_REPLY_ALLOWED_HOSTS: "${h}" is not a host name (write hosts, not URLs)`);
    // URLs drop their scheme's default port, so "host:443" could never match a sessionWebhook.
    else if (/:(443|80)$/.test(h))
      problems.push(
        `KUBETALK_REPLY_ALLOWED_HOSTS: "${h}": leave out the default port (write "${h.replace(/:\d+$/, '')}")`,
      );
  }
  const namespaces = list(get('KUBETALK_NAMESPACES'));
  for (const n of namespaces)
    if (!DNS1123.test(n)) problems.push(`KUBETALK_NAMESPACES: "${n}" is not a valid namespace name`);
  const anyConversationNamespaces = list(get('KUBETALK_ANY_CONVERSATION_NAMESPACES'));
  for (const n of anyConversationNamespaces)
    if (n !== '*' && !DNS1123.test(n))
      problems.push(`KUBETALK_ANY_CONVERSATION_NAMESPACES: "${n}" is not a namespace name or *`);
  const runner = get('KUBETALK_RUNNER_SERVICE_ACCOUNT');
  if (!DNS1123.test(runner))
    problems.push(`KUBETALK_RUNNER_SERVICE_ACCOUNT: "${runner}" is not a valid ServiceAccount name`);
  else if (SHARED_SERVICE_ACCOUNTS.includes(runner))
    problems.push(
      `KUBETALK_RUNNER_SERVICE_ACCOUNT: "${runner}" is a ServiceAccount every namespace (or OpenShift) creates and pods share; chat actions would run with its rights and exist in namespaces nobody prepared. Set a dedicated name such as kubetalk-runner (the default) and create it, with its Role, only where chat may act`,
    );
  const locale = get('KUBETALK_LOCALE');
  if (!isLocale(locale)) problems.push(`KUBETALK_LOCALE=${JSON.stringify(locale)}: expected en or zh-CN`);
  const logLevel = get('KUBETALK_LOG_LEVEL') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel))
    problems.push(`KUBETALK_LOG_LEVEL=${JSON.stringify(logLevel)}: expected one of ${LOG_LEVELS.join(', ')}`);
  const bindAddress = get('KUBETALK_BIND_ADDRESS');
  // Compared with body fields that are capped at 128 characters; anything else could never match.
  const identitySetting = (k: string): string => {
    // The raw value: a documented default such as "(client ID)" is a description, never an id to compare with.
    const v = (raw[k] ?? '').trim();
    if (v.length > 128 || /[\s,]/.test(v))
      problems.push(
        `${k}=${JSON.stringify(v)}: expected one id of at most 128 characters, no spaces or commas`,
      );
    return v;
  };
  const dingtalkApi = parseDingTalkApi(raw, get, bool, problems);

  const config: Config = {
    publicPort: int('KUBETALK_PUBLIC_PORT', 0, 65535),
    internalPort: int('KUBETALK_INTERNAL_PORT', 0, 65535),
    bindAddress,
    dingtalk: {
      appSecrets: [current, ...previous].filter((s) => s !== ''),
      signatureWindowMs: int('KUBETALK_SIGNATURE_WINDOW_SECONDS', 1, 3600) * 1000,
      maxBodyBytes: int('KUBETALK_MAX_BODY_BYTES', 1024, 1_048_576),
      corpId: identitySetting('KUBETALK_DINGTALK_CORP_ID'),
      identityRobotCode: identitySetting('KUBETALK_DINGTALK_ROBOT_CODE'),
      replyAllowedHosts: hosts,
      replyAllowInsecureHttp: bool('KUBETALK_REPLY_ALLOW_INSECURE_HTTP'),
      ...dingtalkApi,
      replyFallbackMs: int('KUBETALK_DINGTALK_REPLY_FALLBACK_SECONDS', 0, 3600) * 1000,
    },
    namespaces,
    anyConversationNamespaces,
    runnerServiceAccount: runner,
    locale: isLocale(locale) ? locale : 'en',
    logLevel,
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
    webhook: readWebhookSettings(get, bool, problems),
    coordination: {
      namespace: raw['KUBETALK_COORDINATION_NAMESPACE'] ?? raw['POD_NAMESPACE'] ?? '',
      identity: raw['POD_NAME'] ?? raw['HOSTNAME'] ?? `kubetalk-${process.pid}`,
      leaderElection: bool('KUBETALK_LEADER_ELECTION'),
      leaseName: get('KUBETALK_LEASE_NAME'),
      leaseDurationMs: int('KUBETALK_LEASE_DURATION_SECONDS', 2, 300) * 1000,
      claimTtlMs: int('KUBETALK_CLAIM_TTL_SECONDS', 60, 86_400) * 1000,
    },
    alerts: readAlertsSettings(raw, get, int, problems),
  };
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
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

const ADDRESS_KINDS: readonly AddressKind[] = [
  'loopback',
  'private',
  'link-local',
  'unspecified',
  'multicast',
  'reserved',
  'cluster',
];

function readWebhookSettings(
  get: (k: string) => string,
  bool: (k: string) => boolean,
  problems: string[],
): Config['webhook'] {
  const allowedHosts = list(get('KUBETALK_WEBHOOK_ALLOWED_HOSTS')).map((h) => h.toLowerCase());
  for (const h of allowedHosts) {
    if (!/^(\*\.)?[a-z0-9]([-a-z0-9.]*[a-z0-9])?$|^[0-9a-f:.]+$/.test(h))
      problems.push(`KUBETALK_WEBHOOK_ALLOWED_HOSTS: "${h}" is not a host name (write hosts, not URLs)`);
  }
  const kinds = list(get('KUBETALK_WEBHOOK_ALLOW_ADDRESSES')).map((k) => k.toLowerCase());
  for (const k of kinds) {
    if (!(ADDRESS_KINDS as readonly string[]).includes(k))
      problems.push(`KUBETALK_WEBHOOK_ALLOW_ADDRESSES: "${k}" is not one of ${ADDRESS_KINDS.join(', ')}`);
  }
  const clusterCidrs = list(get('KUBETALK_WEBHOOK_CLUSTER_CIDRS'));
  for (const c of clusterCidrs) {
    const [net = '', prefix = ''] = c.split('/');
    if (isIP(net) === 0 || !/^\d{1,3}$/.test(prefix))
      problems.push(`KUBETALK_WEBHOOK_CLUSTER_CIDRS: "${c}" is not a CIDR`);
  }
  return {
    allowedHosts,
    allowAddressKinds: kinds.filter((k): k is AddressKind =>
      (ADDRESS_KINDS as readonly string[]).includes(k),
    ),
    allowHttp: bool('KUBETALK_WEBHOOK_ALLOW_HTTP'),
    clusterCidrs,
  };
}

// Stream mode and the OpenAPI sender (issue 12).
function parseDingTalkApi(
  raw: Raw,
  get: (k: string) => string,
  bool: (k: string) => boolean,
  problems: string[],
): Omit<
  Config['dingtalk'],
  | 'appSecrets'
  | 'signatureWindowMs'
  | 'maxBodyBytes'
  | 'replyAllowedHosts'
  | 'replyAllowInsecureHttp'
  | 'replyFallbackMs'
  | 'corpId'
  | 'identityRobotCode'
> {
  const mode = get('KUBETALK_DINGTALK_MODE').toLowerCase();
  if (!(INBOUND_MODES as readonly string[]).includes(mode))
    problems.push(`KUBETALK_DINGTALK_MODE=${JSON.stringify(mode)}: expected http, stream or both`);
  const clientId = (raw['KUBETALK_DINGTALK_CLIENT_ID'] ?? '').trim();
  if ((mode === 'stream' || mode === 'both') && clientId === '')
    problems.push(
      `KUBETALK_DINGTALK_CLIENT_ID is not set but KUBETALK_DINGTALK_MODE=${mode}: copy the Client ID (AppKey) of your DingTalk app (developer console → app → Credentials)`,
    );
  const apiAllowedHosts = list(raw['KUBETALK_DINGTALK_API_ALLOWED_HOSTS'] ?? DEFAULT_DINGTALK_API_HOSTS).map(
    (h) => h.toLowerCase(),
  );
  for (const h of apiAllowedHosts)
    if (!HOST.test(h)) problems.push(`KUBETALK_DINGTALK_API_ALLOWED_HOSTS: "${h}" is not a host name`);
  const apiAllowInsecure = bool('KUBETALK_DINGTALK_API_ALLOW_INSECURE');
  /** Checked only when used: the gateway in stream/both, the OpenAPI once a client ID is set. */
  const url = (k: string, used: boolean): string => {
    const v = raw[k] ?? DEFAULT_DINGTALK_API_URL;
    let parsed: URL | undefined;
    try {
      parsed = new URL(v);
    } catch {
      if (used) problems.push(`${k}=${JSON.stringify(v)}: not a URL`);
      return v;
    }
    if (!used) return v;
    if (parsed.protocol !== 'https:' && !(apiAllowInsecure && parsed.protocol === 'http:'))
      problems.push(`${k}: must be https:// (http:// only with KUBETALK_DINGTALK_API_ALLOW_INSECURE=true)`);
    else if (!apiAllowedHosts.includes(parsed.host))
      problems.push(`${k}: host ${parsed.host} is not in KUBETALK_DINGTALK_API_ALLOWED_HOSTS`);
    return v;
  };
  const robotCode = (raw['KUBETALK_DINGTALK_ROBOT_CODE'] ?? '').trim() || clientId;
  return {
    mode: (INBOUND_MODES as readonly string[]).includes(mode) ? (mode as InboundMode) : 'http',
    clientId,
    robotCode,
    openApiUrl: url('KUBETALK_DINGTALK_API_URL', clientId !== ''),
    streamGatewayUrl: url('KUBETALK_DINGTALK_STREAM_GATEWAY_URL', mode === 'stream' || mode === 'both'),
    apiAllowedHosts,
    apiAllowInsecure,
  };
}

// Alerts (issue 13).
function readAlertsSettings(
  raw: Raw,
  get: (k: string) => string,
  int: (k: string, min: number, max: number) => number,
  problems: string[],
): AlertsConfig {
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
