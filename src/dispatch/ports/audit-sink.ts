// The port for the audit trail: one record per invocation (run, denied, failed, invalid). The cluster-backed
// implementation writes Kubernetes Events (src/audit); the dispatcher knows only this shape.

export type AuditOutcome = 'Succeeded' | 'Failed' | 'Denied' | 'Invalid';

export interface AuditRecord {
  readonly command: { readonly namespace: string; readonly name: string; readonly uid?: string | undefined };
  readonly outcome: AuditOutcome;
  readonly sender: {
    readonly id: string;
    readonly name: string;
    readonly unionId?: string | undefined;
    /** The Kubernetes user a ChatIdentity maps the sender to, when one does. */
    readonly kubernetesUser?: string | undefined;
  };
  readonly conversation: { readonly id: string; readonly title?: string | undefined };
  readonly text: string;
  readonly result: string;
  readonly messageId: string;
}

export interface AuditSink {
  record(rec: AuditRecord): Promise<void>;
}
