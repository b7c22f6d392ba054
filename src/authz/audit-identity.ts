// Names the Kubernetes user beside the chat user in every audit Event, by decorating the AuditSink.
import type { AuditSink } from '../dispatch/ports/audit-sink.ts';

export function withKubernetesUser(
  recorder: AuditSink,
  kubernetesUserOf: (sender: { id: string; unionId?: string }) => string | undefined,
): AuditSink {
  return {
    record(rec) {
      const user = kubernetesUserOf({
        id: rec.sender.id,
        ...(rec.sender.unionId ? { unionId: rec.sender.unionId } : {}),
      });
      return recorder.record(user ? { ...rec, sender: { ...rec.sender, kubernetesUser: user } } : rec);
    },
  };
}
