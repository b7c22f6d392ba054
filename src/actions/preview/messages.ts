// Sentences of dry runs (previews), in English and Chinese; merged with the other catalogs at start-up.
import type { Catalog } from '../../i18n/catalog.ts';

const T = '{kind}/{name} in {namespace}';
const T_ZH = '{namespace} 中的 {kind}/{name}';

export const previewMessages: Catalog = {
  'preview.scale': {
    en: `would scale ${T}: {from} → {to}`,
    'zh-CN': `将扩缩 ${T_ZH}：{from} → {to}`,
  },
  'preview.restart': {
    en: `would restart ${T} (a new rollout of every pod)`,
    'zh-CN': `将重启 ${T_ZH}（所有 Pod 重新滚动发布）`,
  },
  'preview.undo': {
    en: `would roll ${T} back to revision {revision}`,
    'zh-CN': `将把 ${T_ZH} 回滚到版本 {revision}`,
  },
  'preview.pause': { en: `would pause the rollout of ${T}`, 'zh-CN': `将暂停 ${T_ZH} 的发布` },
  'preview.resume': { en: `would resume the rollout of ${T}`, 'zh-CN': `将恢复 ${T_ZH} 的发布` },
  'preview.cronjob-suspend': {
    en: `would suspend ${T} (no new Jobs)`,
    'zh-CN': `将暂停 ${T_ZH}（不再调度新的 Job）`,
  },
  'preview.cronjob-resume': { en: `would resume ${T}`, 'zh-CN': `将恢复 ${T_ZH}` },
  'preview.job': {
    en: `would start Job {job} from ${T}`,
    'zh-CN': `将从 ${T_ZH} 创建 Job {job}`,
  },
  'preview.webhook': {
    en: `would call the webhook of Secret {secret} for ${T}`,
    'zh-CN': `将为 ${T_ZH} 调用 Secret {secret} 中的 webhook`,
  },
  'preview.no-follow-up': { en: 'dry run: nothing to follow', 'zh-CN': '预演：没有需要跟踪的内容' },
  'preview.changes': { en: 'What would change:', 'zh-CN': '将发生的变化：' },
  'preview.no-changes': { en: 'Nothing would change.', 'zh-CN': '不会有任何变化。' },
  'preview.dry-run-note': {
    en: 'Dry run: the API server checked the request (admission and validation included); nothing was changed.',
    'zh-CN': '预演：API 服务器已检查该请求（包括准入与校验），没有做任何更改。',
  },
  'preview.webhook-note': {
    en: 'Dry run: a webhook receiver cannot preview, so nothing was sent; these are the parameters it would get.',
    'zh-CN': '预演：webhook 接收方无法预演，因此没有发送任何内容；以上是将发送的参数。',
  },
};
