// Benchmark: Stream frame received → ACK, beside the HTTP callback's request → 200, in the same run and process.
// Both answers come before any Kubernetes call, so the controller runs against an unreachable API server: the
// numbers are the inbound path only (parse, verify/dedupe, ACK), at a paced 200 messages/s each, interleaved.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { signedMessage, uniqueId } from './lib/callbacks.ts';
import { pacedLoad } from './lib/paced-load.ts';
import { fmt, percentile } from './lib/stats.ts';
import { startControllerProcess } from '../test/support/controller-process.ts';
import {
  createCallbackBuilder,
  startDingTalkWebhookServer,
  startStreamGateway,
} from '../test/support/dingtalk/index.ts';

const SECRET = 'bench-app-secret';
const RATE = 200;
const seconds = Number(process.env['BENCH_SECONDS'] ?? 5);
const rounds = Number(process.env['BENCH_ROUNDS'] ?? 3);
const dir = mkdtempSync(join(tmpdir(), 'kubetalk-bench-stream-'));
const kubeconfig = join(dir, 'unreachable.kubeconfig');
writeFileSync(
  kubeconfig,
  'apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]\n' +
    'contexts: [{name: c, context: {cluster: c, user: u}}]\ncurrent-context: c\nusers: [{name: u, user: {token: x}}]\n',
);

const gateway = await startStreamGateway({ clientId: 'bench', clientSecret: SECRET });
const webhook = await startDingTalkWebhookServer({ rateLimit: false });
const controller = await startControllerProcess({
  KUBECONFIG: kubeconfig,
  KUBETALK_LOG_LEVEL: 'info',
  KUBETALK_DINGTALK_APP_SECRET: SECRET,
  KUBETALK_DINGTALK_MODE: 'both',
  KUBETALK_DINGTALK_CLIENT_ID: 'bench',
  KUBETALK_DINGTALK_STREAM_GATEWAY_URL: gateway.baseUrl,
  KUBETALK_DINGTALK_API_ALLOWED_HOSTS: `${gateway.host},api.dingtalk.com`,
  KUBETALK_DINGTALK_API_ALLOW_INSECURE: 'true',
  KUBETALK_REPLY_ALLOWED_HOSTS: webhook.host,
  KUBETALK_REPLY_ALLOW_INSECURE_HTTP: 'true',
  KUBETALK_RATE_LIMIT_USER_PER_MINUTE: '0',
  KUBETALK_RATE_LIMIT_CONVERSATION_PER_MINUTE: '0',
});
await gateway.waitForConnections(1, 30_000);
const builder = createCallbackBuilder({ seed: 'bench-stream' });
const message = () => ({
  text: 'help',
  conversationId: 'cidBench==',
  staffId: 'alice01',
  sessionWebhook: webhook.createSession(),
});

async function streamRound(): Promise<number[]> {
  const ids: string[] = [];
  const total = RATE * seconds;
  const start = performance.now();
  for (let i = 0; i < total; i++) {
    const wait = start + (i * 1000) / RATE - performance.now();
    if (wait > 1) await sleep(wait);
    const m = message();
    ids.push(
      gateway.pushCallback(
        builder.buildGroupMessage({
          message: m.text,
          conversationId: m.conversationId,
          sessionWebhook: m.sessionWebhook,
          msgId: uniqueId('m'),
        }),
      ),
    );
  }
  await Promise.all(ids.map((id) => gateway.waitForAck(id, 30_000)));
  const wanted = new Set(ids);
  return gateway
    .acks()
    .filter((a) => wanted.has(a.messageId))
    .map((a) => a.latencyMs);
}

async function httpRound(): Promise<number[]> {
  const r = await pacedLoad({
    url: `${controller.publicUrl}/callbacks/dingtalk`,
    rate: RATE,
    durationMs: seconds * 1000,
    make: () => signedMessage(SECRET, message()),
  });
  return r.latenciesMs;
}

const stream: number[] = [];
const http: number[] = [];
for (let i = 0; i < rounds; i++) {
  stream.push(...(await streamRound()));
  await sleep(500);
  http.push(...(await httpRound()));
  await sleep(500);
}
const metrics = await (await fetch(`${controller.internalUrl}/metrics`)).text();
const sum = Number(/^kubetalk_stream_ack_seconds_sum (\S+)/m.exec(metrics)?.[1] ?? NaN);
const count = Number(/^kubetalk_stream_ack_seconds_count (\S+)/m.exec(metrics)?.[1] ?? NaN);
await controller.stop();
await gateway.close();
await webhook.close();

const row = (name: string, v: number[]) =>
  `| ${name} | ${v.length} | ${fmt(percentile(v, 50))} ms | ${fmt(percentile(v, 99))} ms | ${fmt(Math.max(...v))} ms |`;
console.log(`${RATE} messages/s each, ${rounds} × ${seconds} s, interleaved, loopback\n`);
console.log('| path | messages | p50 | p99 | max |');
console.log('|---|---|---|---|---|');
console.log(row('Stream: frame pushed → ACK received (gateway double)', stream));
console.log(row('HTTP: callback request due → 200 received', http));
console.log(
  `\nInside kubetalk, frame received → ACK written: mean ${fmt((sum / count) * 1000)} ms over ${count} frames.`,
);
