// Every sentence of an alert message, in English and Simplified Chinese ({name} params are neutralised).
import type { Catalog } from '../../i18n/catalog.ts';

export const alertMessages: Catalog = {
  'alert.title.firing': { en: '[FIRING:{count}] {name}', 'zh-CN': '[告警:{count}] {name}' },
  'alert.title.resolved': { en: '[RESOLVED] {name}', 'zh-CN': '[已恢复] {name}' },
  'alert.heading.firing': {
    en: '### 🔥 Firing: {name} ({count})',
    'zh-CN': '### 🔥 告警：{name}（{count} 条）',
  },
  'alert.heading.resolved': {
    en: '### ✅ Resolved: {name} ({count})',
    'zh-CN': '### ✅ 已恢复：{name}（{count} 条）',
  },
  'alert.group': { en: 'Group: {labels}', 'zh-CN': '分组：{labels}' },
  'alert.section.resolved': { en: '**Resolved**', 'zh-CN': '**已恢复**' },
  'alert.firing-for': { en: 'firing for {age}', 'zh-CN': '已持续 {age}' },
  'alert.resolved-after': {
    en: 'resolved after {age} (fired at {start})',
    'zh-CN': '持续 {age} 后恢复（{start} 开始告警）',
  },
  'alert.link.source': { en: 'Source', 'zh-CN': '来源' },
  'alert.link.runbook': { en: 'Runbook', 'zh-CN': '处理手册' },
  'alert.link.silence': { en: 'Silence', 'zh-CN': '静默' },
  'alert.more': {
    en: '…and {count} more alerts not shown here.',
    'zh-CN': '……另有 {count} 条告警未在此显示。',
  },
  'alert.truncated': {
    en: 'Alertmanager left out {count} alerts of this group (max_alerts).',
    'zh-CN': 'Alertmanager 省略了本组的 {count} 条告警（max_alerts）。',
  },
  'alert.diagnosis': { en: '**Diagnosis of {workload}**', 'zh-CN': '**{workload} 的诊断**' },
};
