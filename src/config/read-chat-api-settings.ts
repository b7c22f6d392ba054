// Stream mode and the OpenAPI sender (issue 12): the inbound mode, the app's client ID, and the DingTalk API URLs,
// checked against their allowed hosts only when they are used.
import { INBOUND_MODES, type Config, type InboundMode } from './config-types.ts';
import { HOST, list, type SettingReaders } from './setting-readers.ts';

const DEFAULT_DINGTALK_API_URL = 'https://api.dingtalk.com';
const DEFAULT_DINGTALK_API_HOSTS =
  'api.dingtalk.com,wss-open-connection.dingtalk.com,wss-open-connection-union.dingtalk.com';

export function readDingTalkApi({
  raw,
  get,
  bool,
  problems,
}: SettingReaders): Omit<
  Config['dingtalk'],
  | 'appSecrets'
  | 'signatureWindowMs'
  | 'maxBodyBytes'
  | 'replyAllowedHosts'
  | 'replyAllowInsecureHttp'
  | 'replyFallbackMs'
  | 'corpId'
  | 'identityRobotCode'
> {
  const mode = get('KUBETALK_DINGTALK_MODE').toLowerCase();
  if (!(INBOUND_MODES as readonly string[]).includes(mode))
    problems.push(`KUBETALK_DINGTALK_MODE=${JSON.stringify(mode)}: expected http, stream or both`);
  const clientId = (raw['KUBETALK_DINGTALK_CLIENT_ID'] ?? '').trim();
  if ((mode === 'stream' || mode === 'both') && clientId === '')
    problems.push(
      `KUBETALK_DINGTALK_CLIENT_ID is not set but KUBETALK_DINGTALK_MODE=${mode}: copy the Client ID (AppKey) of your DingTalk app (developer console → app → Credentials)`,
    );
  const apiAllowedHosts = list(raw['KUBETALK_DINGTALK_API_ALLOWED_HOSTS'] ?? DEFAULT_DINGTALK_API_HOSTS).map(
    (h) => h.toLowerCase(),
  );
  for (const h of apiAllowedHosts)
    if (!HOST.test(h)) problems.push(`KUBETALK_DINGTALK_API_ALLOWED_HOSTS: "${h}" is not a host name`);
  const apiAllowInsecure = bool('KUBETALK_DINGTALK_API_ALLOW_INSECURE');
  /** Checked only when used: the gateway in stream/both, the OpenAPI once a client ID is set. */
  const url = (k: string, used: boolean): string => {
    const v = raw[k] ?? DEFAULT_DINGTALK_API_URL;
    let parsed: URL | undefined;
    try {
      parsed = new URL(v);
    } catch {
      if (used) problems.push(`${k}=${JSON.stringify(v)}: not a URL`);
      return v;
    }
    if (!used) return v;
    if (parsed.protocol !== 'https:' && !(apiAllowInsecure && parsed.protocol === 'http:'))
      problems.push(`${k}: must be https:// (http:// only with KUBETALK_DINGTALK_API_ALLOW_INSECURE=true)`);
    else if (!apiAllowedHosts.includes(parsed.host))
      problems.push(`${k}: host ${parsed.host} is not in KUBETALK_DINGTALK_API_ALLOWED_HOSTS`);
    return v;
  };
  const robotCode = (raw['KUBETALK_DINGTALK_ROBOT_CODE'] ?? '').trim() || clientId;
  return {
    mode: (INBOUND_MODES as readonly string[]).includes(mode) ? (mode as InboundMode) : 'http',
    clientId,
    robotCode,
    openApiUrl: url('KUBETALK_DINGTALK_API_URL', clientId !== ''),
    streamGatewayUrl: url('KUBETALK_DINGTALK_STREAM_GATEWAY_URL', mode === 'stream' || mode === 'both'),
    apiAllowedHosts,
    apiAllowInsecure,
  };
}
