// Finds and launches the headless Chromium the web-chat test and the screenshot script drive (Debian's package).
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Where Debian's `chromium` package puts the browser; KUBETALK_CHROMIUM overrides it. */
const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const override = env['KUBETALK_CHROMIUM'];
  if (override !== undefined && override !== '') return existsSync(override) ? override : undefined;
  return CANDIDATES.find((path) => existsSync(path));
}

/** Why the browser cannot run here, or '' when it can. */
export function chromiumUnavailableReason(env: NodeJS.ProcessEnv = process.env): string {
  return findChromium(env) === undefined
    ? 'no Chromium found (apt-get install chromium, or set KUBETALK_CHROMIUM); .ci/run installs it'
    : '';
}

export async function launchChromium(): Promise<Browser> {
  const executablePath = findChromium();
  if (executablePath === undefined) throw new Error(chromiumUnavailableReason());
  return chromium.launch({
    executablePath,
    headless: true,
    // Containers run as root without user namespaces; the page only ever loads 127.0.0.1.
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu', '--lang=en-US'],
  });
}
