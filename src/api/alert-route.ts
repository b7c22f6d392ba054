// The AlertRoute resource (kubetalk.io/v1alpha1, namespaced): which of the namespace's alerts go to which group,
// whom they mention and which one-tap commands they carry. The types of crds/kubetalk.io_alertroutes.yaml, which
// alone says what is valid (alert-route-from-crd.ts).
import type { Condition } from './chat-command.ts';

export const ALERT_ROUTE_KIND = 'AlertRoute';
export const ALERT_ROUTE_PLURAL = 'alertroutes';
export const ALERT_ROUTE_CRD_NAME = `${ALERT_ROUTE_PLURAL}.kubetalk.io`;

/** Keys the robot Secret must hold: the webhook URL with its access_token, and the 加签 secret (SEC…). */
export const ROBOT_SECRET_KEYS = { url: 'url', secret: 'secret' } as const;

export interface AlertRouteSpec {
  /** Alertmanager-syntax matchers, all of which must hold; none = every alert the namespace may see. */
  readonly match?: readonly string[];
  readonly to: {
    /** A group the kubetalk app robot is in (openConversationId), sent through the OpenAPI. */
    readonly conversationId?: string;
    /** A custom group robot whose URL and 加签 secret are in this Secret of the route's namespace. */
    readonly robot?: { readonly secretName: string };
  };
  readonly mentions?: {
    readonly staffIds?: readonly string[];
    readonly bySeverity?: Readonly<Record<string, readonly string[]>>;
    readonly byLabel?: {
      readonly label: string;
      readonly staffIds: Readonly<Record<string, readonly string[]>>;
    };
  };
  readonly actions?: readonly { readonly title: string; readonly command: string }[];
  readonly locale?: 'en' | 'zh-CN';
  /** Attach a diagnosis of the workload an alert names (labels deployment/statefulset/daemonset). */
  readonly diagnose?: boolean;
}

export interface AlertRoute {
  readonly apiVersion: 'kubetalk.io/v1alpha1';
  readonly kind: typeof ALERT_ROUTE_KIND;
  readonly metadata: {
    readonly name: string;
    readonly namespace: string;
    readonly uid?: string;
    readonly generation?: number;
  };
  readonly spec: AlertRouteSpec;
  readonly status?: { readonly observedGeneration?: number; readonly conditions?: readonly Condition[] };
}

/** Reasons of an AlertRoute's Ready condition; only Accepted goes with "True". */
export const ALERT_ROUTE_REASONS = {
  accepted: 'Accepted',
  invalidSpec: 'InvalidSpec',
  /** to.robot needs the runner: its Secret is read as the namespace's runner ServiceAccount. */
  runnerMissing: 'RunnerMissing',
  /** to.conversationId needs the OpenAPI sender (KUBETALK_DINGTALK_CLIENT_ID). */
  senderUnavailable: 'SenderUnavailable',
} as const;
