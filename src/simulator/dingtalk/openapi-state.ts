// What the OpenAPI double keeps while it runs: issued tokens, the groups and users that exist, what it delivered.
import { randomBytes } from 'node:crypto';
import type { OpenApiCall, OpenApiDelivery, OpenApiServerOptions } from './openapi-server-types.ts';

export interface OpenApiState {
  readonly ttlSeconds: number;
  /** Token → expiry (epoch ms). */
  readonly tokens: Map<string, number>;
  readonly conversations: Set<string>;
  readonly users: Set<string>;
  readonly delivered: OpenApiDelivery[];
  readonly calls: OpenApiCall[];
  /** Send calls still to answer with flow control. */
  throttle: number;
  tokenCount: number;
}

export function createOpenApiState(options: OpenApiServerOptions): OpenApiState {
  return {
    ttlSeconds: options.tokenTtlSeconds ?? 7200,
    tokens: new Map(),
    conversations: new Set(options.conversations ?? []),
    users: new Set(options.users ?? []),
    delivered: [],
    calls: [],
    throttle: 0,
    tokenCount: 0,
  };
}

/** An HTTP answer of the double: status and JSON body. */
export interface OpenApiAnswer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

export function openApiFailure(status: number, code: string, message: string): OpenApiAnswer {
  return { status, body: { code, message, requestid: randomHex(8) } };
}

export function randomHex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}
