// /healthz's check: the first part that is not live names the reason; it is logged once per change, not per probe.
import { describe, expect, it } from 'vitest';
import { createLivenessCheck } from '../../../src/app/liveness.ts';
import { createLogger } from '../../../src/log/logger.ts';

function recordingLog() {
  const errors: Array<Record<string, unknown>> = [];
  const log = createLogger({
    level: 'error',
    write: (line) => errors.push(JSON.parse(line) as Record<string, unknown>),
  });
  return { log, errors };
}

describe('liveness check', () => {
  it('is live when every part is (or absent), and passes the grace to each part', () => {
    const graces: number[] = [];
    const { log, errors } = recordingLog();
    const check = createLivenessCheck({
      graceMs: 7_000,
      parts: [undefined, { whyNotLive: (g) => (graces.push(g), undefined) }],
      log,
    });
    expect(check()).toEqual({ ok: true });
    expect(graces).toEqual([7_000]);
    expect(errors).toEqual([]);
  });

  it('names the first dead part and logs one error per change', () => {
    const { log, errors } = recordingLog();
    const check = createLivenessCheck({
      graceMs: 1,
      parts: [
        { whyNotLive: () => 'DingTalk Stream loop crashed: boom' },
        { whyNotLive: () => 'leader election stalled: x' },
      ],
      log,
    });
    expect(check()).toEqual({ ok: false, reason: 'DingTalk Stream loop crashed: boom' });
    expect(check()).toEqual({ ok: false, reason: 'DingTalk Stream loop crashed: boom' });
    expect(errors.map((e) => [e['msg'], e['reason']])).toEqual([
      ['not live; /healthz fails until restarted', 'DingTalk Stream loop crashed: boom'],
    ]);
  });

  it('a part that lives again makes the check live again, and a new failure is logged again', () => {
    let reason: string | undefined =
      'leader election stalled: a Lease renewal has run for 99 s (due within 10 s)';
    const { log, errors } = recordingLog();
    const check = createLivenessCheck({ graceMs: 1, parts: [{ whyNotLive: () => reason }], log });
    expect(check().ok).toBe(false);
    reason = undefined;
    expect(check()).toEqual({ ok: true });
    reason = 'DingTalk Stream loop crashed: boom';
    expect(check()).toEqual({ ok: false, reason });
    expect(errors).toHaveLength(2);
  });
});
