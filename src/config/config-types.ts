// The validated configuration kubetalk runs with (what parseConfig returns).
import type { Locale } from '../i18n/catalog.ts';
import type { LogLevel } from '../log/logger.ts';
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
