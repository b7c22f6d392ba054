// What the OpenAPI double is given and what it lets a test see.

export interface OpenApiServerOptions {
  readonly appKey: string;
  readonly appSecret: string;
  readonly robotCode: string;
  /** Groups the robot is in (openConversationId). */
  readonly conversations?: readonly string[];
  /** Organisation user ids that exist. */
  readonly users?: readonly string[];
  /** Token lifetime in seconds (DingTalk: 7200). */
  readonly tokenTtlSeconds?: number;
  readonly port?: number;
}

export interface OpenApiDelivery {
  readonly kind: 'group' | 'user';
  /** openConversationId or user id. */
  readonly to: string;
  readonly msgKey: string;
  readonly param: Readonly<Record<string, unknown>>;
  readonly at: number;
}

export interface OpenApiCall {
  readonly path: string;
  readonly status: number;
  readonly code?: string;
}

export interface OpenApiServer {
  readonly baseUrl: string;
  readonly host: string;
  addConversation(id: string): void;
  addUser(id: string): void;
  /** Makes every token issued so far invalid (as if its 2 hours had passed). */
  expireTokens(): void;
  /** The next `n` send calls answer flow control (403); batchSend lists the users as flow-controlled instead. */
  throttleNext(n: number): void;
  deliveries(): OpenApiDelivery[];
  waitForDeliveries(n: number, timeoutMs?: number): Promise<OpenApiDelivery[]>;
  calls(): OpenApiCall[];
  tokenRequests(): number;
  close(): Promise<void>;
}
