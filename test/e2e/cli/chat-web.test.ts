// `kubetalk chat --web` in a real headless Chromium: type in the page, see DingTalk markdown rendered, the cluster follows.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumUnavailableReason, launchChromium } from '../../../tools/browser/chromium.ts';
import { clusterUnavailableReason, eventually } from '../../support/cluster.ts';
import { startCli, startCliRig, type CliRig, type RunningCli } from './cli-rig.ts';

const noBrowser = chromiumUnavailableReason();
if (noBrowser !== '' && process.env['CI'] === 'true') throw new Error(`CI needs Chromium: ${noBrowser}`);
const skip = clusterUnavailableReason() !== '' || noBrowser !== '';

describe.skipIf(skip)('kubetalk chat --web (e2e, headless Chromium)', () => {
  let rig: CliRig;
  let chat: RunningCli;
  let url: string;
  let browser: Browser;
  beforeAll(async () => {
    rig = await startCliRig('chatweb');
    chat = startCli(['chat', '--web', '--web-port', '0', ...rig.flags, '--timeout', '30']);
    const out = await chat.waitForOutput(/open (http:\/\/127\.0\.0\.1:\d+\/)/);
    url = /open (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out)?.[1] ?? '';
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    chat?.end();
    await rig?.stop();
  });

  it('types "scale web 3", renders the markdown reply, and the Deployment changes', async () => {
    const page = await browser.newPage();
    const scripts: string[] = [];
    page.on('pageerror', (err) => scripts.push(err.message));
    await page.goto(url);
    await expect.poll(() => page.getByTestId('identity').textContent()).toContain(rig.user);
    expect(await page.locator('.badge').textContent()).toBe('simulator');

    await page.getByTestId('input').fill('scale web 3');
    await page.getByTestId('input').press('Enter');
    const reply = page.getByTestId('reply').last();
    await reply.waitFor({ timeout: 30_000 });
    // The reply's **…** became a <strong>, with the text DingTalk would show; the mention line went to the header.
    const strong = reply.locator('.bubble strong');
    await expect
      .poll(() => strong.first().textContent())
      .toBe(`scaled deployment/web in ${rig.namespace}: 2 → 3`);
    expect(await reply.locator('.bubble').textContent()).toContain('✅');
    expect(await reply.locator('.bubble').textContent()).not.toContain('*');
    expect(await page.getByTestId('sent').last().textContent()).toContain('scale web 3');
    await eventually('web scaled to 3', async () => ((await rig.replicas()) === 3 ? true : undefined));

    // whoami: a heading and a list, built as elements; code spans as <code>.
    await page.getByTestId('input').fill('whoami');
    await page.getByTestId('input').press('Enter');
    await expect.poll(() => page.getByTestId('reply').count()).toBe(2);
    const who = page.getByTestId('reply').last();
    expect(await who.locator('.bubble h1, .bubble h2, .bubble h3, .bubble h4').count()).toBeGreaterThan(0);
    expect(await who.locator('.bubble li code').allTextContents()).toContain(rig.conversation);

    // A refusal is shown, and changes nothing.
    await page.getByTestId('input').fill('/as mallory Mallory');
    await page.getByTestId('input').press('Enter');
    await expect.poll(() => page.getByTestId('identity').textContent()).toContain('mallory');
    await page.getByTestId('input').fill('scale web 1');
    await page.getByTestId('input').press('Enter');
    await expect.poll(() => page.getByTestId('reply').count()).toBe(3);
    expect(await page.getByTestId('reply').last().textContent()).toContain('not allowed');
    expect(await rig.replicas()).toBe(3);
    expect(scripts).toEqual([]);
    await page.close();
  });

  it('never runs reply or message content as markup', async () => {
    const page = await browser.newPage();
    await page.goto(url);
    // The feed replays the conversation so far (three replies), then the new one arrives.
    await expect.poll(() => page.getByTestId('reply').count()).toBe(3);
    // A message is echoed with its raw text; the reply quotes it back. Neither may create elements.
    await page.getByTestId('input').fill('<img src=x onerror="window.pwned=1"> **hi**');
    await page.getByTestId('input').press('Enter');
    await expect.poll(() => page.getByTestId('reply').count()).toBe(4);
    expect(await page.locator('.log img').count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as { pwned?: number }).pwned)).toBeUndefined();
    await page.close();
  });
});
