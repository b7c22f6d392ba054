// What the Stream gateway double keeps while it runs: sockets, tickets' outcomes, frames in flight, what it recorded.
import { WebSocket } from 'ws';
import type { RecordedAck, RecordedOpen } from './stream-gateway-types.ts';

/** A CALLBACK frame pushed (or waiting to be) and whether it was ACKed. */
export interface PendingFrame {
  readonly messageId: string;
  readonly text: string;
  pushes: number;
  acked: boolean;
  timer: NodeJS.Timeout | undefined;
  pushedAt: number;
}

export interface GatewayState {
  readonly sockets: Map<WebSocket, string>;
  readonly opens: RecordedOpen[];
  readonly acks: RecordedAck[];
  readonly malformed: string[];
  readonly pending: Map<string, PendingFrame>;
  /** Pings awaiting their echo, by frame id. */
  readonly pings: Map<string, (opaque: string) => void>;
  readonly closeCodes: number[];
  readonly ackWaiters: Set<() => void>;
  refused: number;
}

export function createGatewayState(): GatewayState {
  return {
    sockets: new Map(),
    opens: [],
    acks: [],
    malformed: [],
    pending: new Map(),
    pings: new Map(),
    closeCodes: [],
    ackWaiters: new Set(),
    refused: 0,
  };
}

/** The sockets a frame can be sent on now. */
export function openSockets(state: GatewayState): WebSocket[] {
  return [...state.sockets.keys()].filter((s) => s.readyState === WebSocket.OPEN);
}
