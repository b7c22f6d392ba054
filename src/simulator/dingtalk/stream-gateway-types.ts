// What the Stream gateway double is given and what it lets a test see.

export interface StreamGatewayOptions {
  readonly clientId: string;
  readonly clientSecret: string;
  /** Ticket lifetime (DingTalk: 90 s). */
  readonly ticketTtlMs?: number;
  /** An un-ACKed CALLBACK is pushed again after this long (0 = never, DingTalk's "fire-and-forget" reading). */
  readonly redeliverAfterMs?: number;
  /** Server SYSTEM ping interval (0 = none; tests ping by hand). */
  readonly pingIntervalMs?: number;
  /** After a `disconnect` frame the socket is closed this much later (DingTalk: 10 s). */
  readonly disconnectGraceMs?: number;
  readonly port?: number;
}

export interface RecordedAck {
  readonly messageId: string;
  readonly code: number;
  readonly data: string;
  readonly connectionId: string;
  readonly at: number;
  /** From the frame's last push to this ACK's arrival, in milliseconds (performance clock). */
  readonly latencyMs: number;
}

export interface RecordedOpen {
  readonly at: number;
  /** HTTP status answered. */
  readonly status: number;
}

export interface PushedFrame {
  readonly messageId: string;
  /** How many times it was pushed (1 + redeliveries). */
  readonly pushes: number;
  readonly acked: boolean;
}

export interface StreamGateway {
  /** http://127.0.0.1:port, the gateway base URL (connections/open lives under it). */
  readonly baseUrl: string;
  /** host:port, for an allowed-hosts entry. */
  readonly host: string;
  /** Number of open WebSocket connections. */
  connections(): number;
  waitForConnections(n: number, timeoutMs?: number): Promise<void>;
  /** Pushes a robot message (`data` object, stringified once as DingTalk does) to one connection; returns the frame id. */
  pushCallback(
    data: unknown,
    options?: { readonly messageId?: string; readonly connection?: number },
  ): string;
  /** Sends a raw text frame to every connection (malformed-frame tests). */
  pushRaw(text: string): void;
  /** Sends SYSTEM ping to every connection; resolves with how many answered with the same opaque. */
  ping(timeoutMs?: number): Promise<number>;
  /** Sends SYSTEM disconnect to every connection, then closes them after the grace period. */
  announceDisconnect(): void;
  /** Drops every socket without a close frame (a network cut). */
  dropAll(): void;
  /** Every valid ACK, in arrival order. */
  acks(): RecordedAck[];
  /** ACK frames that broke the protocol (not JSON, no messageId, unknown id, wrong code or data…). */
  malformedAcks(): string[];
  frames(): PushedFrame[];
  waitForAck(messageId: string, timeoutMs?: number): Promise<RecordedAck>;
  opens(): RecordedOpen[];
  /** Tickets refused at the WebSocket handshake (reused, expired or unknown). */
  refusedTickets(): number;
  /** Close codes of sockets that ended, in order (1000 = the client closed cleanly; 1006 = cut). */
  closeCodes(): number[];
  close(): Promise<void>;
}
