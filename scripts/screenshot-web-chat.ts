// `npm run screenshot`: re-makes docs/images/web-chat.png — the demo's browser chat (the simulator), after a few commands.
// Needs Chromium and fonts with CJK and emoji glyphs: apt-get install chromium fonts-wqy-microhei fonts-noto-color-emoji.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium } from '../tools/browser/chromium.ts';
import { repoRoot } from '../tools/local-cluster/index.ts';

const OUT = join(repoRoot, 'docs', 'images', 'web-chat.png');
/** What the picture shows: an English and a Chinese command, and the identity view. */
const MESSAGES = ['scale web 3', '扩容 web 2', 'whoami'];

const demo = spawn(
  process.execPath,
  [join(repoRoot, 'scripts', 'demo.ts'), '--web', '--web-port', '0', '--port', '0'],
  {
    stdio: ['ignore', 'pipe', 'inherit'],
  },
);
const stopDemo = (): Promise<void> =>
  new Promise((resolve) => {
    if (demo.exitCode !== null) return resolve();
    demo.once('close', () => resolve());
    demo.kill('SIGINT');
  });

async function main(): Promise<void> {
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    demo.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const found = /open (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
      if (found?.[1] !== undefined) resolve(found[1]);
    });
    demo.once('close', (code) =>
      reject(new Error(`the demo ended (exit ${code}) before the web chat opened`)),
    );
  });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 900, height: 720 }, deviceScaleFactor: 1 });
    await page.goto(url);
    for (const [i, text] of MESSAGES.entries()) {
      await page.getByTestId('input').fill(text);
      await page.getByTestId('input').press('Enter');
      await page.getByTestId('reply').nth(i).waitFor({ timeout: 30_000 });
    }
    await page.getByTestId('input').fill('restart web');
    mkdirSync(join(repoRoot, 'docs', 'images'), { recursive: true });
    await page.screenshot({ path: OUT });
    process.stderr.write(`wrote ${OUT}\n`);
  } finally {
    await browser.close();
  }
}

main().then(
  async () => {
    await stopDemo();
    process.exit(0);
  },
  async (err: unknown) => {
    process.stderr.write(`screenshot: ${err instanceof Error ? err.message : String(err)}\n`);
    await stopDemo();
    process.exit(1);
  },
);
