// A simulated DingTalk user: signs and posts messages to kubetalk, hosts the sessionWebhook, collects the replies.
import { randomBytes } from 'node:crypto';
import {
  createCallbackBuilder,
  sendCallback,
  startDingTalkWebhookServer,
  startStreamGateway,
  type StreamGateway,
  type DingTalkWebhookServer,
  type RecordedRequest,
} from './dingtalk/index.ts';
import { explainRejection, explainUnreachable, SimulatorError } from './explain-delivery.ts';
import type { ChatIdentity } from './identity.ts';
import { createReplyBook, type ChatReply } from './reply-book.ts';

export type { ChatReply } from './reply-book.ts';

export interface ChatClientOptions {
  /** The controller's callback URL, e.g. http://127.0.0.1:8080/callbacks/dingtalk. */
  readonly url: string;
  readonly secret: string;
  readonly identity: ChatIdentity;
  /** Port of the local sessionWebhook on 127.0.0.1; 0 picks a free one. */
  readonly webhookPort: number;
  /** Stream mode: the simulator plays DingTalk's Stream gateway here, and pushes messages as frames. */
  readonly stream?: { readonly port: number; readonly clientId: string };
}

export interface SentMessage {
  readonly text: string;
  readonly msgId: string;
  /** The sessionWebhook URL given to kubetalk; its replies arrive there. */
  readonly session: string;
}

export interface ChatClient {
  /** host:port of the sessionWebhook: what KUBETALK_REPLY_ALLOWED_HOSTS must contain. */
  readonly webhookHost: string;
  /** Stream mode: the gateway URL kubetalk must use (KUBETALK_DINGTALK_STREAM_GATEWAY_URL). */
  readonly gatewayUrl: string | undefined;
  readonly identity: ChatIdentity;
  setIdentity(identity: ChatIdentity): void;
  /** Points later messages at another callback URL (the demo learns kubetalk's port after starting the webhook). */
  setUrl(url: string): void;
  /** Signs and posts one message; rejects with a SimulatorError that says what to fix when kubetalk refuses it. */
  send(text: string): Promise<SentMessage>;
  /** Every reply from now on, follow-ups included. */
  onReply(listener: (reply: ChatReply) => void): () => void;
  /** Resolves with the first `n` replies to `sent`; rejects with a SimulatorError after `timeoutMs`. */
  waitForReplies(sent: SentMessage, n: number, timeoutMs: number): Promise<ChatReply[]>;
  /** Requests that reached the webhook for this message, answered or not (to explain a missing reply). */
  requestsFor(sent: SentMessage): RecordedRequest[];
  close(): Promise<void>;
}

export async function createChatClient(options: ChatClientOptions): Promise<ChatClient> {
  const webhook = await startWebhook(options.webhookPort);
  const gateway = options.stream ? await startGateway(options.stream, options.secret) : undefined;
  const builder = createCallbackBuilder({
    createSession: (expiresAt) => webhook.createSession({ expiresAt }),
  });
  let identity = options.identity;
  let url = options.url;
  const book = createReplyBook();
  const sessionOf = (url: string): string => new URL(url).searchParams.get('session') ?? '';
  webhook.onMessage((message) => book.record(message));

  return {
    webhookHost: webhook.host,
    gatewayUrl: gateway?.baseUrl,
    get identity() {
      return identity;
    },
    setIdentity(next) {
      identity = next;
    },
    setUrl(next) {
      url = next;
    },
    async send(text) {
      const spec = {
        message: text,
        msgId: `msg${randomBytes(16).toString('base64')}`,
        conversationId: identity.conversationId,
        sender: { staffId: identity.staffId, nick: identity.name, isAdmin: identity.isAdmin },
      };
      const body = identity.direct ? builder.buildDirectMessage(spec) : builder.buildGroupMessage(spec);
      book.open(sessionOf(body.sessionWebhook), text);
      if (gateway) await pushFrame(gateway, body);
      else await postCallback(url, body, options.secret);
      return { text, msgId: body.msgId, session: body.sessionWebhook };
    },
    onReply: (listener) => book.onReply(listener),
    waitForReplies: (sent, n, timeoutMs) => book.waitFor(sessionOf(sent.session), n, timeoutMs),
    requestsFor(sent) {
      const session = sessionOf(sent.session);
      return webhook.requests().filter((r) => r.session === session);
    },
    close: async () => {
      await gateway?.close();
      await webhook.close();
    },
  };
}

/** Posts the signed callback; a refusal or an unreachable kubetalk becomes a SimulatorError that says what to fix. */
async function postCallback(url: string, body: unknown, secret: string): Promise<void> {
  let response;
  try {
    response = await sendCallback(url, body, { secret });
  } catch (err) {
    throw new SimulatorError(explainUnreachable(url, err), { cause: err });
  }
  if (response.status !== 200) throw new SimulatorError(explainRejection(response.status, response.body));
}

/** Waits for kubetalk's connection, pushes the message as a CALLBACK frame and waits for its ACK. */
async function pushFrame(gateway: StreamGateway, body: unknown): Promise<void> {
  try {
    await gateway.waitForConnections(1, 15_000);
  } catch {
    throw new SimulatorError(
      `kubetalk has not connected to the simulated Stream gateway. Start it with KUBETALK_DINGTALK_MODE=stream, ` +
        `KUBETALK_DINGTALK_STREAM_GATEWAY_URL=${gateway.baseUrl}, KUBETALK_DINGTALK_API_ALLOWED_HOSTS=${gateway.host},api.dingtalk.com ` +
        `and KUBETALK_DINGTALK_API_ALLOW_INSECURE=true, with the same client ID and secret.`,
    );
  }
  const ack = await gateway.waitForAck(gateway.pushCallback(body), 10_000).catch(() => undefined);
  if (!ack) throw new SimulatorError('kubetalk did not ACK the Stream frame within 10 s (see its log)');
  if (ack.code !== 200)
    throw new SimulatorError(`kubetalk refused the Stream frame (code ${ack.code}; see its log)`);
}

async function startGateway(
  stream: { readonly port: number; readonly clientId: string },
  secret: string,
): Promise<StreamGateway> {
  try {
    return await startStreamGateway({ clientId: stream.clientId, clientSecret: secret, port: stream.port });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE')
      throw new SimulatorError(
        `port ${stream.port} on 127.0.0.1 is in use; pick another with --gateway-port`,
        {
          cause: err,
        },
      );
    throw err;
  }
}

async function startWebhook(port: number): Promise<DingTalkWebhookServer> {
  try {
    // Replies are not throttled here: the controller's own 20-a-minute limiter is what a user should see.
    return await startDingTalkWebhookServer({ port });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new SimulatorError(
        `port ${port} on 127.0.0.1 is in use (another kubetalk chat or say?). Pick another with --webhook-port ` +
          `and add 127.0.0.1:<port> to the controller's KUBETALK_REPLY_ALLOWED_HOSTS.`,
        { cause: err },
      );
    }
    throw err;
  }
}
