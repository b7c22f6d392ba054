import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRobotClient } from '../../../../../src/platforms/dingtalk/custom-robot/robot-client.ts';
import { classifyRobotAnswer } from '../../../../../src/platforms/dingtalk/custom-robot/classify-robot-answer.ts';
import { signRobotUrl } from '../../../../../src/platforms/dingtalk/custom-robot/sign-robot-url.ts';
import { computeSign } from '../../../../../src/platforms/dingtalk/verify-signature.ts';
import {
  startCustomRobotServer,
  type CustomRobotServer,
} from '../../../../../src/simulator/dingtalk/custom-robot-server.ts';

const SECRET = 'SECtest-secret';
const reply = (text: string) => ({ title: 't', markdown: text, mentionUserIds: ['u1'] });

describe('custom robot client against the double', () => {
  let robot: CustomRobotServer;
  beforeAll(async () => {
    robot = await startCustomRobotServer({
      robots: [
        { accessToken: 'good', secret: SECRET },
        { accessToken: 'limited', secret: SECRET },
        { accessToken: 'nosign' },
      ],
    });
  });
  afterAll(() => robot.close());
  const policy = () => ({ allowedHosts: [robot.host], allowInsecure: true });

  it('signs: timestamp in ms and sign = base64(HMAC) encoded once', () => {
    const url = signRobotUrl(
      new URL('https://oapi.dingtalk.com/robot/send?access_token=x&sign=old'),
      SECRET,
      1700000000000,
    );
    expect(url.searchParams.get('timestamp')).toBe('1700000000000');
    expect(url.searchParams.get('sign')).toBe(computeSign(SECRET, '1700000000000'));
    expect(url.search.match(/sign=/g)).toHaveLength(1);
  });

  it('delivers a signed markdown with the mention', async () => {
    const out = await createRobotClient({ policy: policy() }).send(
      { url: robot.urlOf('good'), secret: SECRET },
      reply('hello'),
    );
    expect(out).toEqual({ kind: 'delivered' });
    expect(robot.messages('good')[0]?.atUserIds).toEqual(['u1']);
  });

  it('a wrong secret is refused by the double with 310000 and is permanent', async () => {
    const out = await createRobotClient({ policy: policy() }).send(
      { url: robot.urlOf('good'), secret: 'SECwrong' },
      reply('x'),
    );
    expect(out.kind).toBe('permanent');
    expect(JSON.stringify(out)).toContain('errcode 310000');
    expect(robot.answers().at(-1)).toMatchObject({ errcode: 310000, errmsg: 'sign not match' });
  });

  it('the double refuses a stale timestamp and a missing sign', async () => {
    const stale = signRobotUrl(new URL(robot.urlOf('good')), SECRET, Date.now() - 2 * 3_600_000);
    const a = await (
      await fetch(stale, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })
    ).json();
    expect(a).toMatchObject({ errcode: 310000, errmsg: 'invalid timestamp' });
    const b = await (await fetch(robot.urlOf('good'), { method: 'POST', body: '{}' })).json();
    expect(b).toMatchObject({ errcode: 310000 });
  });

  it('holds back the 21st message of a minute itself (transient), before DingTalk would block the robot', async () => {
    const client = createRobotClient({ policy: policy() });
    const results = [];
    for (let i = 0; i < 21; i++)
      results.push(await client.send({ url: robot.urlOf('limited'), secret: SECRET }, reply(`m${i}`)));
    expect(results.slice(0, 20).every((r) => r.kind === 'delivered')).toBe(true);
    expect(results[20]).toMatchObject({ kind: 'transient' });
    expect(robot.messages('limited')).toHaveLength(20);
  });

  it('the double itself answers 130101 past 20 a minute and then blocks the robot', async () => {
    const client = createRobotClient({ policy: policy(), perMinute: 100 });
    const results = [];
    for (let i = 0; i < 22; i++)
      results.push(await client.send({ url: robot.urlOf('nosign'), secret: '' }, reply(`n${i}`)));
    expect(results[20]?.kind).toBe('transient');
    expect(JSON.stringify(results[20])).toContain('errcode 130101');
    expect(results[21]).toMatchObject({ kind: 'transient' });
  });

  it('never puts more than 20,000 bytes on the wire: a long message is cut', async () => {
    const out = await createRobotClient({ policy: policy() }).send(
      { url: robot.urlOf('good'), secret: SECRET },
      reply('长'.repeat(20_000)),
    );
    expect(out.kind).toBe('delivered');
    expect(robot.answers().at(-1)?.bytes).toBeLessThanOrEqual(20_000);
  });

  it('the double refuses a body over 20,000 bytes with 460101', async () => {
    const url = signRobotUrl(new URL(robot.urlOf('good')), SECRET, Date.now());
    const body = JSON.stringify({ msgtype: 'text', text: { content: 'x'.repeat(20_001) } });
    expect(await (await fetch(url, { method: 'POST', body })).json()).toMatchObject({ errcode: 460101 });
  });

  it('refuses hosts outside the allow-list and plain http unless allowed', async () => {
    const strict = createRobotClient({
      policy: { allowedHosts: ['oapi.dingtalk.com'], allowInsecure: false },
    });
    expect(await strict.send({ url: robot.urlOf('good'), secret: SECRET }, reply('x'))).toMatchObject({
      kind: 'permanent',
    });
  });

  it.each([
    [200, '{"errcode":0,"errmsg":"ok"}', 'delivered'],
    [200, '{"errcode":130101,"errmsg":"send too fast"}', 'transient'],
    [200, '{"errcode":310000,"errmsg":"sign not match"}', 'permanent'],
    [200, '{"errcode":460101}', 'permanent'],
    [200, '<html>busy</html>', 'transient'],
    [502, '', 'transient'],
    [404, '', 'permanent'],
  ])('classifies HTTP %i %s as %s', (status, text, kind) => {
    expect(classifyRobotAnswer(status, text).kind).toBe(kind);
  });
});
