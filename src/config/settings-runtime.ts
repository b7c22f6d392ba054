// The documented settings, second half in README order: timeouts, identities, limits, approvals, coordination,
// alerts, files. settings.ts joins the halves.
import type { Setting } from './settings.ts';

export const RUNTIME_SETTINGS: readonly Setting[] = [
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
