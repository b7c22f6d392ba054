// 加签 for custom group robots: `timestamp` (ms) and `sign` = urlencode(base64(HmacSHA256(secret, ts + "\n" + secret))).
import { computeSign } from '../verify-signature.ts';

/**
 * The webhook URL with `timestamp` and `sign` set (replacing any already there, so a URL copied with old ones
 * cannot double them). URLSearchParams does the URL encoding exactly once.
 */
export function signRobotUrl(webhookUrl: URL, secret: string, nowMs: number): URL {
  const url = new URL(webhookUrl.href);
  const timestamp = String(nowMs);
  url.searchParams.set('timestamp', timestamp);
  url.searchParams.set('sign', computeSign(secret, timestamp));
  return url;
}
