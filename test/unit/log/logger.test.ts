import { describe, expect, it } from 'vitest';
import { createLogger, redact } from '../../../src/log/logger.ts';

describe('logger', () => {
  it('writes one JSON line with base and child fields', () => {
    const lines: string[] = [];
    const log = createLogger({ write: (l) => lines.push(l), base: { app: 'kubetalk' } }).child({
      msgId: 'm1',
    });
    log.info('hello', { n: 1 });
    const rec = JSON.parse(lines[0] ?? '{}') as Record<string, unknown>;
    expect(rec).toMatchObject({ level: 'info', msg: 'hello', app: 'kubetalk', msgId: 'm1', n: 1 });
  });

  it('drops lines below the level', () => {
    const lines: string[] = [];
    createLogger({ level: 'warn', write: (l) => lines.push(l) }).info('quiet');
    expect(lines).toHaveLength(0);
  });

  it('redacts secrets and session webhook URLs, even nested and inside errors', () => {
    const out = JSON.stringify(
      redact({
        appSecret: 'abc',
        nested: { sessionWebhook: 'https://oapi.dingtalk.com/robot/sendBySession?session=deadbeef' },
        text: 'posting to https://oapi.dingtalk.com/robot/sendBySession?session=deadbeef failed',
        err: new Error('fetch https://oapi.dingtalk.com/robot/send?access_token=tok123 failed'),
        headers: { sign: 'xyz', timestamp: '1' },
      }),
    );
    expect(out).not.toMatch(/abc|deadbeef|tok123|xyz/);
    expect(out).toContain('"timestamp":"1"');
  });
});
