// The callback benchmark's floors, as their own process: a bare node:http server that reads the body, verifies
// DingTalk's signature exactly as kubetalk does (same formula, window and constant-time compare) and answers
// 200, or 401 when forged — no framework, no chat. Prints `{"url": …}` once listening.
//
// Mode `reply` (the reply floor) then does the least any bot must do for a verified message: parse the body and POST
// one fixed markdown reply to its sessionWebhook, through undici on a keep-alive agent as kubetalk does.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import { Agent, request } from 'undici';

const secret = process.argv[2] ?? '';
const replies = process.argv[3] === 'reply';
const agent = new Agent({ keepAliveTimeout: 30_000 });
const REPLY = JSON.stringify({ msgtype: 'markdown', markdown: { title: 'help', text: '### help' } });
const WINDOW_MS = 3_600_000;
const MAX_BYTES = 64 * 1024;

function verified(timestamp: string | undefined, sign: string | undefined): boolean {
  if (!timestamp || !sign || !/^[0-9]{1,16}$/.test(timestamp)) return false;
  if (Math.abs(Date.now() - Number(timestamp)) > WINDOW_MS) return false;
  const expected = Buffer.from(
    createHmac('sha256', secret).update(`${timestamp}\n${secret}`, 'utf8').digest('base64'),
  );
  const given = Buffer.from(sign);
  const candidate = Buffer.alloc(expected.length);
  given.copy(candidate, 0, 0, expected.length);
  return timingSafeEqual(candidate, expected) && given.length === expected.length;
}

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  let size = 0;
  req.on('data', (c: Buffer) => {
    size += c.length;
    if (size <= MAX_BYTES) chunks.push(c);
  });
  req.on('end', () => {
    const ts = req.headers['timestamp'];
    const sign = req.headers['sign'];
    const ok =
      size <= MAX_BYTES &&
      verified(typeof ts === 'string' ? ts : undefined, typeof sign === 'string' ? sign : undefined);
    const body = ok ? '{}' : '{"error":"unauthorized"}';
    res.writeHead(ok ? 200 : 401, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
    });
    res.end(body);
    if (ok && replies) sendReply(Buffer.concat(chunks).toString('utf8'));
  });
});

function sendReply(body: string): void {
  const { sessionWebhook } = JSON.parse(body) as { sessionWebhook: string };
  request(sessionWebhook, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: REPLY,
    dispatcher: agent,
  })
    .then((r) => r.body.text())
    .catch((err: unknown) => process.stderr.write(`reply floor: ${String(err)}\n`));
}
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${port}/callbacks/dingtalk` })}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
