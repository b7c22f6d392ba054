// The options `chat` and `say` share: who types, where, to which controller, and where replies come back.
import {
  DEFAULT_CALLBACK_URL,
  DEFAULT_IDENTITY,
  DEFAULT_WEBHOOK_PORT,
  directConversationId,
} from '../simulator/identity.ts';
import type { ChatIdentity } from '../simulator/identity.ts';
import type { ChatClientOptions } from '../simulator/chat-client.ts';
import type { CliIo } from './cli-io.ts';
import { readInteger, UsageError } from './parse-options.ts';

/** Stream mode of the simulator (issue 12). */
export const DEFAULT_GATEWAY_PORT = 8089;
export const DEFAULT_CLIENT_ID = 'kubetalk-local';

export const SIMULATOR_OPTIONS = {
  as: { type: 'string' },
  name: { type: 'string' },
  conversation: { type: 'string' },
  admin: { type: 'boolean' },
  direct: { type: 'boolean' },
  url: { type: 'string' },
  secret: { type: 'string' },
  'webhook-port': { type: 'string' },
  timeout: { type: 'string' },
  stream: { type: 'boolean' },
  'gateway-port': { type: 'string' },
  'client-id': { type: 'string' },
} as const;

export const SIMULATOR_OPTIONS_HELP = `  --as STAFFID          who you are: the senderStaffId allow.users lists (default: ${DEFAULT_IDENTITY.staffId})
  --name NAME           your display name (default: ${DEFAULT_IDENTITY.name}, or the --as id)
  --conversation ID     the conversationId allow.conversations lists (default: ${DEFAULT_IDENTITY.conversationId};
                        with --direct: cidDirect-STAFFID)
  --admin               you are an admin of the group (for commands with allow.admins: true)
  --direct              a one-to-one chat with the robot instead of a group message that @-mentions it
  --url URL             kubetalk's callback URL (default: ${DEFAULT_CALLBACK_URL})
  --secret SECRET       the app secret kubetalk verifies (default: $KUBETALK_DINGTALK_APP_SECRET)
  --webhook-port PORT   where replies come back, on 127.0.0.1 (default: ${DEFAULT_WEBHOOK_PORT}; 0 = any free port).
                        kubetalk must run with KUBETALK_REPLY_ALLOWED_HOSTS including 127.0.0.1:PORT and
                        KUBETALK_REPLY_ALLOW_INSECURE_HTTP=true
  --timeout SECONDS     how long to wait for a reply (default: 30)
  --stream              Stream mode: play DingTalk's Stream gateway on 127.0.0.1:GATEWAY-PORT and push messages
                        over kubetalk's WebSocket (kubetalk runs with KUBETALK_DINGTALK_MODE=stream)
  --gateway-port PORT   the simulated gateway's port (default: ${DEFAULT_GATEWAY_PORT})
  --client-id ID        the Client ID the gateway accepts (default: $KUBETALK_DINGTALK_CLIENT_ID or ${DEFAULT_CLIENT_ID})`;

type SimulatorValues = {
  readonly [K in keyof typeof SIMULATOR_OPTIONS]?: (typeof SIMULATOR_OPTIONS)[K]['type'] extends 'boolean'
    ? boolean
    : string;
};

export interface SimulatorSettings {
  readonly client: ChatClientOptions;
  readonly timeoutMs: number;
}

export function readSimulatorSettings(values: SimulatorValues, io: CliIo): SimulatorSettings {
  const secret = values.secret ?? io.env['KUBETALK_DINGTALK_APP_SECRET'];
  if (secret === undefined || secret === '') {
    throw new UsageError(
      'no app secret: pass --secret or set KUBETALK_DINGTALK_APP_SECRET (npm run demo uses "demo-secret")',
    );
  }
  const url = values.url ?? DEFAULT_CALLBACK_URL;
  try {
    new URL(url);
  } catch {
    throw new UsageError(`--url is not a URL: "${url}"`);
  }
  return {
    client: {
      url,
      secret,
      identity: readIdentity(values),
      webhookPort: readInteger('webhook-port', values['webhook-port'], DEFAULT_WEBHOOK_PORT, {
        min: 0,
        max: 65535,
      }),
      ...(values.stream === true
        ? {
            stream: {
              port: readInteger('gateway-port', values['gateway-port'], DEFAULT_GATEWAY_PORT, {
                min: 0,
                max: 65535,
              }),
              clientId: values['client-id'] ?? io.env['KUBETALK_DINGTALK_CLIENT_ID'] ?? DEFAULT_CLIENT_ID,
            },
          }
        : {}),
    },
    timeoutMs: readInteger('timeout', values.timeout, 30, { min: 1, max: 3600 }) * 1000,
  };
}

function readIdentity(values: SimulatorValues): ChatIdentity {
  const staffId = values.as ?? DEFAULT_IDENTITY.staffId;
  checkId('as', staffId);
  const direct = values.direct === true;
  const conversationId =
    values.conversation ?? (direct ? directConversationId(staffId) : DEFAULT_IDENTITY.conversationId);
  checkId('conversation', conversationId);
  return {
    staffId,
    name: values.name ?? (values.as === undefined ? DEFAULT_IDENTITY.name : staffId),
    isAdmin: values.admin === true,
    conversationId,
    direct,
  };
}

/** DingTalk ids are printable ASCII without spaces; anything else could never match an allow list. */
export function checkId(option: string, id: string): void {
  if (!/^[!-~]+$/.test(id))
    throw new UsageError(`--${option} must be printable ASCII without spaces, got "${id}"`);
}
