// One batchSend of up to 20 users to the end: flow-controlled users were not delivered, so they are sent again
// (alone) after a pause, up to maxAttempts rounds; unknown user ids are reported, not retried.
import type { BackoffOptions } from '../backoff.ts';
import { computeBackoffMs } from '../backoff.ts';
import type { OpenApiClient } from './openapi-client.ts';

export interface UserBatchOptions {
  readonly robotCode: string;
  readonly msgParam: string;
  readonly maxAttempts: number;
  readonly backoff: BackoffOptions;
  readonly sleep: (ms: number) => Promise<unknown>;
}

/** The calls made (attempts and pauses) and what failed, for one batch of user ids. */
export async function sendUserBatch(
  call: OpenApiClient['call'],
  batch: readonly string[],
  o: UserBatchOptions,
): Promise<{ readonly attempts: number; readonly failures: readonly string[] }> {
  let attempts = 0;
  const failures: string[] = [];
  let pending = [...batch];
  for (let round = 1; pending.length > 0; round++) {
    const { outcome, attempts: made } = await call('/v1.0/robot/oToMessages/batchSend', {
      robotCode: o.robotCode,
      userIds: pending,
      msgKey: 'sampleMarkdown',
      msgParam: o.msgParam,
    });
    attempts += made;
    if (outcome.kind !== 'ok') {
      failures.push(outcome.reason);
      break;
    }
    const invalid = stringList(outcome.body['invalidStaffIdList']);
    if (invalid.length > 0) failures.push(`invalid user ids: ${invalid.length}`);
    pending = stringList(outcome.body['flowControlledStaffIdList']).filter((id) => pending.includes(id));
    if (pending.length === 0) break;
    if (round >= o.maxAttempts) {
      failures.push(`flow controlled: ${pending.length} users`);
      break;
    }
    attempts += 1;
    await o.sleep(computeBackoffMs(round, o.backoff));
  }
  return { attempts, failures };
}

function stringList(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}
