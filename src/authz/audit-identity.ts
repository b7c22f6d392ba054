// Names the Kubernetes user beside the chat user in every audit Event, by decorating the EventRecorder.
import type { EventRecorder } from '../audit/event-recorder.ts';

export function withKubernetesUser(
  recorder: EventRecorder,
  kubernetesUserOf: (sender: { id: string; unionId?: string }) => string | undefined,
): EventRecorder {
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
