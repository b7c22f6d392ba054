// The data the diagnose engine works on and produces: plain objects, so the core is pure and testable.
import type {
  CoreV1Event,
  V1DaemonSet,
  V1Deployment,
  V1PersistentVolumeClaim,
  V1Pod,
  V1ReplicaSet,
  V1Service,
  V1StatefulSet,
} from '@kubernetes/client-node';
import type { WorkloadKind } from '../types.ts';

/** A read that may have been refused (403) or failed: the report then says what it could not read. */
export type Readable<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly why: Unreadable };

export interface Unreadable {
  /** `forbidden` (403), `failed` (any other error); the resource as RBAC names it, e.g. `events`. */
  readonly reason: 'forbidden' | 'failed';
  readonly resource: string;
  /** The HTTP status, when there was one. */
  readonly code?: number;
}

export type DiagnosedWorkload =
  | { readonly kind: 'Deployment'; readonly obj: V1Deployment }
  | { readonly kind: 'StatefulSet'; readonly obj: V1StatefulSet }
  | { readonly kind: 'DaemonSet'; readonly obj: V1DaemonSet };

/** Only the EndpointSlice fields diagnose reads (discovery.k8s.io/v1, read raw: client-node's typed API is not used). */
export interface EndpointSliceLite {
  readonly endpoints?: ReadonlyArray<{ readonly conditions?: { readonly ready?: boolean | null } }>;
}

export interface ServiceEndpoints {
  readonly service: V1Service;
  readonly slices: Readable<readonly EndpointSliceLite[]>;
}

/** Everything the walk looked at; the gatherer fills it, the pure core reads it. */
export interface Snapshot {
  readonly now: Date;
  readonly workload: DiagnosedWorkload;
  /** Deployments only: the ReplicaSets it controls. */
  readonly replicaSets?: Readable<readonly V1ReplicaSet[]>;
  /** The pods the workload controls. */
  readonly pods: Readable<readonly V1Pod[]>;
  /** Events of the namespace (one list); `truncated` when there were more than one page. */
  readonly events: Readable<readonly CoreV1Event[]>;
  readonly eventsTruncated?: boolean;
  /** PVCs referenced by pending pods, by name; a value of `undefined` means not found. */
  readonly pvcs?: ReadonlyMap<string, Readable<V1PersistentVolumeClaim | undefined>>;
  /** Services selecting the workload's pods, with their EndpointSlices. */
  readonly services?: Readable<readonly ServiceEndpoints[]>;
  /** Previous-container log tails, keyed `pod/container`. */
  readonly logs?: ReadonlyMap<string, Readable<string>>;
}

/** The fixed order of the walk; a finding's stage decides where it is listed and how it ranks as the cause. */
export const STAGES = [
  'rollout',
  'replica-failure',
  'image-pull',
  'container-config',
  'crash-loop',
  'recent-crash',
  'pending',
  'not-ready',
  'volume-claim',
  'service',
  'replicas',
] as const;
export type Stage = (typeof STAGES)[number];

/** A dependency a finding points at, so later steps can look it up. */
export interface DependencyRef {
  readonly kind: 'ConfigMap' | 'Secret' | 'PersistentVolumeClaim' | 'Service';
  readonly name: string;
}

export interface Finding {
  /** The rule (or check) that named the cause: also the message key `diagnose.cause.<cause>`. */
  readonly cause: string;
  readonly stage: Stage;
  /** Parameters of the cause message (image, container, exit code, limit, …). */
  readonly params: Readonly<Record<string, string | number>>;
  /** Pods showing it (names); empty for workload-level findings. */
  readonly pods: readonly string[];
  /** Verbatim lines from the cluster (event messages, conditions), newest first. */
  readonly evidence: readonly string[];
  readonly dependency?: DependencyRef;
  /** The container whose previous log may explain a crash. */
  readonly crashed?: { readonly pod: string; readonly container: string };
}

export interface Report {
  readonly workload: { readonly kind: WorkloadKind; readonly namespace: string; readonly name: string };
  /** Most likely cause first. Empty and no `unknowns`: healthy. */
  readonly findings: readonly Finding[];
  /** What could not be read or decided ("cannot determine …"). */
  readonly unknowns: readonly Unknown[];
  readonly replicas: {
    readonly desired: number;
    readonly ready: number;
    readonly updated: number;
    readonly available: number;
  };
  readonly podCount: number;
  /** The previous log tail that explains the headline crash, when read. */
  readonly log?: {
    readonly pod: string;
    readonly container: string;
    readonly text: string;
    readonly cut: boolean;
  };
}

export type Unknown =
  | { readonly kind: 'not-permitted'; readonly resource: string }
  | { readonly kind: 'read-failed'; readonly resource: string }
  | { readonly kind: 'events-expired'; readonly pods: readonly string[]; readonly state: string }
  | { readonly kind: 'events-truncated' };
