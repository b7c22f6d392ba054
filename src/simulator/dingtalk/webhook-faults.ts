// Faults the webhook double can be told to produce for its next requests, consumed in the order injected.

export type WebhookFault =
  /** Answer with this HTTP status (and body) without looking at the request. */
  | { readonly kind: 'http-status'; readonly status: number; readonly body?: string }
  /** Wait this long (real time), then handle the request normally: a client that timed out may still have posted. */
  | { readonly kind: 'hang'; readonly ms: number }
  /** Destroy the connection without answering. */
  | { readonly kind: 'close-socket' }
  /** Answer HTTP 200 with this errcode without looking at the request. */
  | { readonly kind: 'errcode'; readonly errcode: number; readonly errmsg?: string };

export interface FaultQueue {
  push(fault: WebhookFault, times: number): void;
  /** The fault for the next request, if any. */
  take(): WebhookFault | undefined;
  clear(): void;
}

export function createFaultQueue(): FaultQueue {
  const queue: { fault: WebhookFault; remaining: number }[] = [];
  return {
    push(fault, times) {
      if (!Number.isInteger(times) || times < 1)
        throw new RangeError(`times must be a positive integer, got ${times}`);
      queue.push({ fault, remaining: times });
    },
    take() {
      const head = queue[0];
      if (head === undefined) return undefined;
      head.remaining -= 1;
      if (head.remaining === 0) queue.shift();
      return head.fault;
    },
    clear() {
      queue.length = 0;
    },
  };
}
