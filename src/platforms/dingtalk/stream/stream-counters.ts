// The Stream metrics' shape and their zeros: apart from the client, so HTTP-only replicas never load the client.
import { FRAME_KINDS } from './decide-frame.ts';
import { RECONNECT_REASONS } from './reconnect-plan.ts';

/** The series Stream mode moves; prom-client's Counter, Gauge and Histogram fit. */
export interface StreamCounters {
  readonly streamFrames: { inc(labels: { kind: string }, value?: number): void };
  readonly streamAckSeconds: { observe(value: number): void };
  readonly streamReconnects: { inc(labels: { reason: string }, value?: number): void };
  readonly streamConnected: { set(value: number): void };
}

/** Dashboards see zeros, not gaps, for every frame kind and reconnect reason. */
export function zeroStreamCounters(metrics: StreamCounters): void {
  for (const kind of FRAME_KINDS) metrics.streamFrames.inc({ kind }, 0);
  for (const reason of RECONNECT_REASONS) metrics.streamReconnects.inc({ reason }, 0);
}
