// DingTalk's callback and reply settings: the app secrets (current first, then those still accepted during a
// rotation), the signature window and body limit, the identity checks, the reply hosts, and the API part.
import type { Config } from './config-types.ts';
import { readDingTalkApi } from './read-chat-api-settings.ts';
import { HOST, list, type SettingReaders } from './setting-readers.ts';

export function readDingTalkSettings(r: SettingReaders): Config['dingtalk'] {
  const { raw, problems } = r;
  const current = raw['KUBETALK_DINGTALK_APP_SECRET'] ?? '';
  if (current === '') {
    problems.push(
      'KUBETALK_DINGTALK_APP_SECRET is not set: copy the Client Secret of your DingTalk app (developer console → app → Credentials) into it, or mount it and set KUBETALK_DINGTALK_APP_SECRET_FILE',
    );
  }
  const previous = list(raw['KUBETALK_DINGTALK_PREVIOUS_APP_SECRETS'], /[,\n]/);
  const hosts = readReplyHosts(r);
  const api = readDingTalkApi(r);
  return {
    appSecrets: [current, ...previous].filter((s) => s !== ''),
    signatureWindowMs: r.int('KUBETALK_SIGNATURE_WINDOW_SECONDS', 1, 3600) * 1000,
    maxBodyBytes: r.int('KUBETALK_MAX_BODY_BYTES', 1024, 1_048_576),
    corpId: r.id('KUBETALK_DINGTALK_CORP_ID'),
    identityRobotCode: r.id('KUBETALK_DINGTALK_ROBOT_CODE'),
    replyAllowedHosts: hosts,
    replyAllowInsecureHttp: r.bool('KUBETALK_REPLY_ALLOW_INSECURE_HTTP'),
    ...api,
    replyFallbackMs: r.int('KUBETALK_DINGTALK_REPLY_FALLBACK_SECONDS', 0, 3600) * 1000,
  };
}

function readReplyHosts({ get, problems }: SettingReaders): string[] {
  const hosts = list(get('KUBETALK_REPLY_ALLOWED_HOSTS')).map((h) => h.toLowerCase());
  if (hosts.length === 0)
    problems.push(
      'KUBETALK_REPLY_ALLOWED_HOSTS is empty: replies could go nowhere; keep the default oapi.dingtalk.com',
    );
  for (const h of hosts) {
    if (!HOST.test(h))
      problems.push(`KUBETALK_REPLY_ALLOWED_HOSTS: "${h}" is not a host name (write hosts, not URLs)`);
    // URLs drop their scheme's default port, so "host:443" could never match a sessionWebhook.
    else if (/:(443|80)$/.test(h))
      problems.push(
        `KUBETALK_REPLY_ALLOWED_HOSTS: "${h}": leave out the default port (write "${h.replace(/:\d+$/, '')}")`,
      );
  }
  return hosts;
}
