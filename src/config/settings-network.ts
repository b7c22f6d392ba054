// The documented settings, first half in README order: DingTalk, ports, namespaces, outbound hosts, callbacks,
// language. settings.ts joins the halves.
import type { Setting } from './settings.ts';

export const NETWORK_SETTINGS: readonly Setting[] = [
  {
    env: 'KUBETALK_DINGTALK_APP_SECRET',
    default: '(required)',
    description:
      'DingTalk app secret (Client Secret) used to verify callbacks. `KUBETALK_DINGTALK_APP_SECRET_FILE` reads it from a file.',
    secret: true,
  },
  {
    env: 'KUBETALK_DINGTALK_PREVIOUS_APP_SECRETS',
    default: '',
    description:
      'Comma-separated older secrets still accepted while you rotate (`_FILE` variant: one per line).',
    secret: true,
  },
  // Stream mode and the OpenAPI sender (issue 12).
  {
    env: 'KUBETALK_DINGTALK_MODE',
    default: 'http',
    description:
      '`http` (signed callback; needs an Ingress), `stream` (outbound WebSocket; no Ingress) or `both`.',
  },
  {
    env: 'KUBETALK_DINGTALK_CLIENT_ID',
    default: '',
    description:
      'Client ID (AppKey) of the app; required for `stream`/`both`. When set, late replies go through the OpenAPI.',
  },
  {
    env: 'KUBETALK_DINGTALK_API_URL',
    default: '(api.dingtalk.com)',
    description:
      'OpenAPI base URL (token, group and 1:1 sends), default `https://api.dingtalk.com`. Change only for tests.',
  },
  {
    env: 'KUBETALK_DINGTALK_STREAM_GATEWAY_URL',
    default: '(api.dingtalk.com)',
    description: 'Base URL of the Stream gateway (`/v1.0/gateway/connections/open`). Change only for tests.',
  },
  {
    env: 'KUBETALK_DINGTALK_API_ALLOWED_HOSTS',
    default: '(DingTalk hosts)',
    description:
      'Exact hosts for the OpenAPI, gateway and Stream endpoint; default `api.dingtalk.com` and `wss-open-connection[-union].dingtalk.com`.',
  },
  {
    env: 'KUBETALK_DINGTALK_API_ALLOW_INSECURE',
    default: 'false',
    description: 'Allow http:// and ws:// DingTalk API URLs (tests and the local simulator only).',
  },
  {
    env: 'KUBETALK_DINGTALK_REPLY_FALLBACK_SECONDS',
    default: '60',
    description:
      'A reply whose sessionWebhook expires within this many seconds goes through the OpenAPI instead (needs the Client ID).',
  },
  {
    env: 'KUBETALK_PUBLIC_PORT',
    default: '8080',
    description: 'Port of the public callback server (`POST /callbacks/dingtalk`).',
  },
  {
    env: 'KUBETALK_INTERNAL_PORT',
    default: '9090',
    description: 'Port of `/metrics`, `/healthz`, `/readyz`; keep it off the Ingress.',
  },
  { env: 'KUBETALK_BIND_ADDRESS', default: '0.0.0.0', description: 'Address both servers listen on.' },
  {
    env: 'KUBETALK_NAMESPACES',
    default: '',
    description: 'Comma-separated namespaces whose ChatCommands are honoured; empty = all namespaces.',
  },
  {
    env: 'KUBETALK_ANY_CONVERSATION_NAMESPACES',
    default: '',
    description:
      'Comma-separated namespaces whose ChatCommands may use `allow.conversations: ["*"]` (any conversation, direct chats included); `*` = every namespace; empty = none. Elsewhere such a command is not Ready (ConversationWildcardNotAllowed) and never runs.',
  },
  {
    env: 'KUBETALK_RUNNER_SERVICE_ACCOUNT',
    default: 'kubetalk-runner',
    description:
      "ServiceAccount actions impersonate in the ChatCommand's namespace (missing: refused). Never `default`, `builder`, `deployer`, `pipeline`.",
  },
  {
    env: 'KUBETALK_REPLY_ALLOWED_HOSTS',
    default: 'oapi.dingtalk.com',
    description: 'Comma-separated hosts a sessionWebhook may point at; replies elsewhere are refused.',
  },
  {
    env: 'KUBETALK_REPLY_ALLOW_INSECURE_HTTP',
    default: 'false',
    description: 'Allow http:// reply webhooks (tests and the local simulator only).',
  },
  {
    env: 'KUBETALK_WEBHOOK_ALLOWED_HOSTS',
    default: '',
    description:
      'Comma-separated hosts the webhook action may call (`jenkins.example.com`, `*.example.com`); empty: none.',
  },
  {
    env: 'KUBETALK_WEBHOOK_ALLOW_ADDRESSES',
    default: '',
    description:
      'Comma-separated address kinds a webhook may reach besides public ones: loopback, private, link-local, cluster, unspecified, multicast, reserved.',
  },
  {
    env: 'KUBETALK_WEBHOOK_ALLOW_HTTP',
    default: 'false',
    description: 'Allow http:// webhook URLs (credentials then travel in clear text).',
  },
  {
    env: 'KUBETALK_WEBHOOK_CLUSTER_CIDRS',
    default: '',
    description: "Comma-separated pod and service CIDRs; webhook addresses in them count as 'cluster'.",
  },
  {
    env: 'KUBETALK_SIGNATURE_WINDOW_SECONDS',
    default: '300',
    description:
      "Accepted clock difference of a callback `timestamp`, at most DingTalk's 3600; also how long a captured header pair is usable.",
  },
  {
    env: 'KUBETALK_DINGTALK_CORP_ID',
    default: '',
    description: 'When set, a callback whose `chatbotCorpId` is not this corp id (`ding…`) gets 401.',
  },
  {
    env: 'KUBETALK_DINGTALK_ROBOT_CODE',
    default: '(client ID)',
    description:
      "The app robot's robotCode (for app robots, the Client ID / AppKey): used for OpenAPI sends; when set explicitly, a callback whose `robotCode` differs gets 401.",
  },
  {
    env: 'KUBETALK_MAX_BODY_BYTES',
    default: '65536',
    description: 'Largest callback body accepted; larger gets 413.',
  },
  {
    env: 'KUBETALK_LOCALE',
    default: 'en',
    description: 'Reply language when a message has no Chinese characters: `en` or `zh-CN`.',
  },
  { env: 'KUBETALK_LOG_LEVEL', default: 'info', description: '`debug`, `info`, `warn` or `error`.' },
];
