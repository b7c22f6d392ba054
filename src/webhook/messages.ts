// What the outbound webhook can put in a chat reply, in English and Chinese; never a URL path, header or body.
import type { Catalog } from '../i18n/catalog.ts';

export const webhookMessages: Catalog = {
  'webhook.invalid-url': {
    en: 'The webhook URL in the Secret is not a valid URL. Ask the namespace owner to fix it.',
    'zh-CN': 'Secret 中的 webhook URL 无效，请让命名空间负责人修正。',
  },
  'webhook.scheme-refused': {
    en: 'Calling {host} over {scheme} is not allowed: use https (or ask an operator to allow http).',
    'zh-CN': '不允许通过 {scheme} 调用 {host}：请使用 https（或请运维人员允许 http）。',
  },
  'webhook.userinfo-refused': {
    en: 'The webhook URL for {host} carries credentials in the URL; put them in a header in the Secret instead.',
    'zh-CN': '{host} 的 webhook URL 中包含凭据，请改为放在 Secret 的请求头中。',
  },
  'webhook.host-not-allowed': {
    en: '{host} is not on the list of hosts kubetalk may call. A cluster operator must add it to the webhook allow-list.',
    'zh-CN': '{host} 不在 kubetalk 允许调用的主机列表中，请集群运维人员将其加入 webhook 白名单。',
  },
  'webhook.address-refused': {
    en: '{host} resolves to a {kind} address, which kubetalk does not call unless an operator allows it.',
    'zh-CN': '{host} 解析到 {kind} 地址，除非运维人员允许，kubetalk 不会调用。',
  },
  'webhook.unresolvable': {
    en: '{host} could not be resolved. Check the host name, or try again later.',
    'zh-CN': '无法解析 {host}，请检查主机名或稍后重试。',
  },
  'webhook.timeout': {
    en: '{host} did not answer within {seconds} s. The call may or may not have taken effect; check there before retrying.',
    'zh-CN': '{host} 在 {seconds} 秒内没有响应，调用可能已生效也可能未生效，重试前请先确认。',
  },
  'webhook.failed': {
    en: 'The call to {host} failed before an answer arrived. Try again later.',
    'zh-CN': '调用 {host} 失败，未收到响应，请稍后重试。',
  },
};
