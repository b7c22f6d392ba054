// Audit trail in the cluster: one Kubernetes Event on the ChatCommand for every invocation (run, denied, failed).
import { CoreV1Api, type KubeConfig, type CoreV1Event } from '@kubernetes/client-node';
import { randomBytes } from 'node:crypto';
import { makeDeadlineClient } from '../kube/deadline-client.ts';
import type { Logger } from '../log/logger.ts';
import type { AuditRecord, AuditSink } from '../dispatch/ports/audit-sink.ts';

const NOTE_LIMIT = 1024;

function clip(s: string, n: number): string {
  return s.length <= n ? s : `${s.slice(0, n - 1)}…`;
}

/** The note reads as one sentence in `kubectl describe chatcommand`: who, where, what, result. */
export function renderAuditNote(rec: AuditRecord): string {
  const where = rec.conversation.title
    ? `"${rec.conversation.title}" (${rec.conversation.id})`
    : rec.conversation.id;
  const chatUser = rec.sender.id
    ? `${rec.sender.name} (${rec.sender.id})`
    : `${rec.sender.name} (no staff id)`;
  const who = rec.sender.kubernetesUser
    ? `${chatUser} as Kubernetes user ${rec.sender.kubernetesUser}`
    : chatUser;
  return clip(
    `${who} in ${where} ran "${clip(rec.text, 200)}": ${rec.result} [msg ${rec.messageId}]`,
    NOTE_LIMIT,
  );
}

export function createEventRecorder(kc: KubeConfig, log: Logger, instance: string): AuditSink {
  const core = makeDeadlineClient(kc, CoreV1Api, 10_000);
  return {
    async record(rec) {
      const now = new Date();
      const body: CoreV1Event = {
        metadata: {
          // Event names are limited to 253 characters like the command's; keep room for the unique suffix.
          name: `${rec.command.name.slice(0, 200)}.${now.getTime().toString(16)}${randomBytes(3).toString('hex')}`,
          namespace: rec.command.namespace,
        },
        involvedObject: {
          apiVersion: 'kubetalk.io/v1alpha1',
          kind: 'ChatCommand',
          name: rec.command.name,
          namespace: rec.command.namespace,
          ...(rec.command.uid ? { uid: rec.command.uid } : {}),
        },
        type: rec.outcome === 'Succeeded' ? 'Normal' : 'Warning',
        reason: `Command${rec.outcome}`,
        action: 'Invoke',
        message: renderAuditNote(rec),
        source: { component: 'kubetalk' },
        reportingComponent: 'kubetalk.io/controller',
        reportingInstance: instance,
        firstTimestamp: now,
        lastTimestamp: now,
        count: 1,
      };
      try {
        await core.createNamespacedEvent({ namespace: rec.command.namespace, body });
      } catch (err) {
        // An audit Event that cannot be written must not hide the command's outcome; the log line still exists.
        log.warn('could not record audit event', {
          command: `${rec.command.namespace}/${rec.command.name}`,
          err,
        });
      }
    },
  };
}
