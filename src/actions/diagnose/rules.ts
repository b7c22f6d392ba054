// The classification rules as data: which reasons and message patterns name which cause, per stage of the walk.
//
// A rule matches a signal (a container state, an event, a scheduler condition) when the signal comes from one of
// its sources, its reason is one of `reasons`, and its message matches `pattern` (when set). Named groups of the
// pattern become message parameters. Within a stage the first matching rule wins, so specific rows come before the
// catch-all row of their stage. A new cause is one row here, one message in messages.ts and one test.
import type { Stage } from './types.ts';

export type SignalSource = 'waiting' | 'last-terminated' | 'event' | 'scheduler' | 'replica-failure';

export interface Signal {
  readonly source: SignalSource;
  readonly reason: string;
  readonly message: string;
  readonly container?: string;
  readonly exitCode?: number;
}

export interface ClassificationRule {
  /** Also the cause: message key `diagnose.cause.<id>`. */
  readonly id: string;
  readonly stage: Stage;
  readonly sources: readonly SignalSource[];
  readonly reasons: readonly string[];
  readonly pattern?: RegExp;
}

const PULL_REASONS = ['Failed', 'ErrImagePull', 'ImagePullBackOff'];
const PULL_SOURCES: readonly SignalSource[] = ['event', 'waiting'];
const CONFIG_REASONS = ['CreateContainerConfigError', 'Failed', 'FailedMount'];
const CONFIG_SOURCES: readonly SignalSource[] = ['waiting', 'event'];
const SCHEDULER: readonly SignalSource[] = ['scheduler'];
const SCHEDULER_REASONS = ['FailedScheduling', 'Unschedulable'];
const FAILED_CREATE: readonly SignalSource[] = ['replica-failure'];

export const CLASSIFICATION_RULES: readonly ClassificationRule[] = [
  // ---- the ReplicaSet (or StatefulSet/DaemonSet) cannot create pods at all
  {
    id: 'quota-exceeded',
    stage: 'replica-failure',
    sources: FAILED_CREATE,
    reasons: ['FailedCreate'],
    pattern: /exceeded quota: (?<quota>[^,\s]+)/,
  },
  {
    id: 'pod-security',
    stage: 'replica-failure',
    sources: FAILED_CREATE,
    reasons: ['FailedCreate'],
    pattern: /violates PodSecurity "(?<level>[^"]+)/,
  },
  {
    id: 'admission-webhook',
    stage: 'replica-failure',
    sources: FAILED_CREATE,
    reasons: ['FailedCreate'],
    pattern: /admission webhook "(?<webhook>[^"]+)" denied/,
  },
  {
    id: 'service-account-missing',
    stage: 'replica-failure',
    sources: FAILED_CREATE,
    reasons: ['FailedCreate'],
    pattern: /serviceaccount "(?<ref>[^"]+)" not found/,
  },
  { id: 'create-failed', stage: 'replica-failure', sources: FAILED_CREATE, reasons: ['FailedCreate'] },

  // ---- image pull: the kubelet's "Failed" event holds the registry's answer; the waiting message only says "Back-off".
  // Denied comes before not-found: registries deny with "repository does not exist or may require authorization".
  {
    id: 'image-unauthorized',
    stage: 'image-pull',
    sources: PULL_SOURCES,
    reasons: PULL_REASONS,
    pattern:
      /(?:pull access denied|unauthorized|authorization failed|insufficient_scope|403 Forbidden|denied)/i,
  },
  {
    id: 'image-not-found',
    stage: 'image-pull',
    sources: PULL_SOURCES,
    reasons: PULL_REASONS,
    pattern: /(?:not found|manifest unknown|no such host|does not exist)/i,
  },
  {
    id: 'image-pull-timeout',
    stage: 'image-pull',
    sources: PULL_SOURCES,
    reasons: PULL_REASONS,
    pattern: /(?:timeout|timed out|deadline exceeded)/i,
  },
  {
    id: 'image-name-invalid',
    stage: 'image-pull',
    sources: ['waiting', 'event'],
    reasons: ['InvalidImageName', 'InspectFailed'],
  },
  {
    id: 'image-never-pull',
    stage: 'image-pull',
    sources: ['waiting', 'event'],
    reasons: ['ErrImageNeverPull'],
  },
  {
    id: 'image-pull-failed',
    stage: 'image-pull',
    sources: PULL_SOURCES,
    reasons: ['ErrImagePull', 'ImagePullBackOff'],
  },

  // ---- the container cannot be created: a ConfigMap/Secret (or a key of one) is missing
  {
    id: 'configmap-key-missing',
    stage: 'container-config',
    sources: CONFIG_SOURCES,
    reasons: CONFIG_REASONS,
    pattern: /couldn't find key (?<key>\S+) in ConfigMap (?:[^/\s]+\/)?(?<ref>[^\s/]+)/,
  },
  {
    id: 'secret-key-missing',
    stage: 'container-config',
    sources: CONFIG_SOURCES,
    reasons: CONFIG_REASONS,
    pattern: /couldn't find key (?<key>\S+) in Secret (?:[^/\s]+\/)?(?<ref>[^\s/]+)/,
  },
  {
    id: 'configmap-missing',
    stage: 'container-config',
    sources: CONFIG_SOURCES,
    reasons: CONFIG_REASONS,
    pattern: /configmaps? "(?<ref>[^"]+)" not found/i,
  },
  {
    id: 'secret-missing',
    stage: 'container-config',
    sources: CONFIG_SOURCES,
    reasons: CONFIG_REASONS,
    pattern: /secrets? "(?<ref>[^"]+)" not found/i,
  },
  {
    id: 'container-config-error',
    stage: 'container-config',
    sources: ['waiting'],
    reasons: ['CreateContainerConfigError'],
  },
  {
    id: 'container-create-error',
    stage: 'container-config',
    sources: ['waiting'],
    reasons: ['CreateContainerError', 'RunContainerError', 'PreStartHookError', 'PostStartHookError'],
  },

  // ---- crash loop: the last termination says why (OOMKilled shows the memory limit)
  { id: 'crash-loop-oom', stage: 'crash-loop', sources: ['last-terminated'], reasons: ['OOMKilled'] },
  { id: 'crash-loop', stage: 'crash-loop', sources: ['last-terminated'], reasons: [] },

  // ---- running now, but crashed in the last 15 minutes
  { id: 'recent-oom', stage: 'recent-crash', sources: ['last-terminated'], reasons: ['OOMKilled'] },
  { id: 'recent-crash', stage: 'recent-crash', sources: ['last-terminated'], reasons: [] },

  // ---- pending: the scheduler's own words (Robusta's table), then volumes and sandboxes of scheduled pods
  {
    id: 'unschedulable-resources',
    stage: 'pending',
    sources: SCHEDULER,
    reasons: SCHEDULER_REASONS,
    pattern: /Insufficient (?<resource>[A-Za-z0-9][A-Za-z0-9./_-]*[A-Za-z0-9])/,
  },
  {
    id: 'unschedulable-volume',
    stage: 'pending',
    sources: SCHEDULER,
    reasons: SCHEDULER_REASONS,
    pattern:
      /(?:unbound immediate PersistentVolumeClaims|persistentvolumeclaim "[^"]+" not found|volume node affinity conflict)/i,
  },
  {
    id: 'unschedulable-taint',
    stage: 'pending',
    sources: SCHEDULER,
    reasons: SCHEDULER_REASONS,
    pattern: /untolerated taint/i,
  },
  {
    id: 'unschedulable-affinity',
    stage: 'pending',
    sources: SCHEDULER,
    reasons: SCHEDULER_REASONS,
    pattern:
      /(?:didn't match Pod's node affinity|node affinity\/selector|didn't match pod (?:anti-)?affinity|node\(s\) didn't satisfy)/i,
  },
  {
    id: 'unschedulable-nodes-cordoned',
    stage: 'pending',
    sources: SCHEDULER,
    reasons: SCHEDULER_REASONS,
    pattern: /node\(s\) were unschedulable/i,
  },
  {
    id: 'unschedulable-too-many-pods',
    stage: 'pending',
    sources: SCHEDULER,
    reasons: SCHEDULER_REASONS,
    pattern: /Too many pods/,
  },
  { id: 'unschedulable', stage: 'pending', sources: SCHEDULER, reasons: SCHEDULER_REASONS },
  {
    id: 'volume-mount-failed',
    stage: 'pending',
    sources: ['event'],
    reasons: ['FailedMount', 'FailedAttachVolume'],
  },
  { id: 'sandbox-failed', stage: 'pending', sources: ['event'], reasons: ['FailedCreatePodSandBox'] },

  // ---- running but not ready: the kubelet's probe events
  {
    id: 'readiness-probe-failed',
    stage: 'not-ready',
    sources: ['event'],
    reasons: ['Unhealthy'],
    pattern: /^Readiness probe/,
  },
  {
    id: 'liveness-probe-failed',
    stage: 'not-ready',
    sources: ['event'],
    reasons: ['Unhealthy'],
    pattern: /^Liveness probe/,
  },
  {
    id: 'startup-probe-failed',
    stage: 'not-ready',
    sources: ['event'],
    reasons: ['Unhealthy'],
    pattern: /^Startup probe/,
  },
];

/** Does `rule` name the cause of `signal`? Returns the pattern's named groups (empty without a pattern). */
export function matchRule(rule: ClassificationRule, signal: Signal): Record<string, string> | undefined {
  if (!rule.sources.includes(signal.source)) return undefined;
  if (rule.reasons.length > 0 && !rule.reasons.includes(signal.reason)) return undefined;
  if (!rule.pattern) return {};
  const m = rule.pattern.exec(signal.message);
  if (!m) return undefined;
  const groups: Record<string, string> = {};
  for (const [k, v] of Object.entries(m.groups ?? {})) if (v !== undefined) groups[k] = v;
  return groups;
}

/** The first rule of `stage` that matches one of the signals (signals in priority order), with what it matched. */
export function classifySignals(
  stage: Stage,
  signals: readonly Signal[],
  rules: readonly ClassificationRule[] = CLASSIFICATION_RULES,
): { rule: ClassificationRule; signal: Signal; groups: Record<string, string> } | undefined {
  for (const rule of rules) {
    if (rule.stage !== stage) continue;
    for (const signal of signals) {
      const groups = matchRule(rule, signal);
      if (groups) return { rule, signal, groups };
    }
  }
  return undefined;
}
