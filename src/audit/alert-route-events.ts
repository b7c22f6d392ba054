// Events on an AlertRoute: one Warning per failed delivery, so `kubectl describe alertroute` says why a group
// got nothing. Best effort: an Event that cannot be written is logged, never blocks delivery.
import { randomBytes } from 'node:crypto';
import { CoreV1Api, type CoreV1Event, type KubeConfig } from '@kubernetes/client-node';
import type { AlertRoute } from '../api/alert-route.ts';
import { makeDeadlineClient } from '../kube/deadline-client.ts';
import type { Logger } from '../log/logger.ts';

export type RecordRouteEvent = (route: AlertRoute, reason: string, message: string) => void;

export function createAlertRouteEvents(kc: KubeConfig, log: Logger, instance: string): RecordRouteEvent {
  const core = makeDeadlineClient(kc, CoreV1Api, 10_000);
  return (route, reason, message) => {
    const now = new Date();
    const { name, namespace, uid } = route.metadata;
    const body: CoreV1Event = {
      metadata: {
        name: `${name.slice(0, 200)}.${now.getTime().toString(16)}${randomBytes(3).toString('hex')}`,
        namespace,
      },
      involvedObject: {
        apiVersion: 'kubetalk.io/v1alpha1',
        kind: 'AlertRoute',
        name,
        namespace,
        ...(uid ? { uid } : {}),
      },
      type: 'Warning',
      reason,
      action: 'Deliver',
      message: message.slice(0, 1000),
      source: { component: 'kubetalk' },
      reportingComponent: 'kubetalk.io/controller',
      reportingInstance: instance,
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
    };
    core.createNamespacedEvent({ namespace, body }).catch((err: unknown) => {
      log.warn('could not record an AlertRoute event', { route: `${namespace}/${name}`, err });
    });
  };
}
