// The chat grammar's sentences in English and Simplified Chinese: argument errors and help lines.
//
// Parameters are locale-neutral: {usage} and {example} are command lines (what to type), never prose.
import type { Catalog } from '../i18n/catalog.ts';

export const commandMessages: Catalog = {
  // Arguments: characters and structure.
  'command.invalid-characters': {
    en: '"{value}" contains characters that are not allowed here. Use letters, digits and - . / = + only. Usage: {usage}',
    'zh-CN': '“{value}”含有不允许的字符，只能使用字母、数字和 - . / = +。用法：{usage}',
  },
  'command.unknown-flag': {
    en: 'Unknown option {flag}. Usage: {usage}',
    'zh-CN': '未知选项 {flag}。用法：{usage}',
  },
  'command.flag-needs-value': {
    en: 'Option {flag} needs a value, e.g. {example}',
    'zh-CN': '选项 {flag} 需要一个值，例如：{example}',
  },
  'command.flag-takes-no-value': {
    en: 'Option {flag} takes no value: write just {flag}.',
    'zh-CN': '选项 {flag} 不带值，直接写 {flag} 即可。',
  },
  'command.duplicate-flag': {
    en: 'Option {flag} was given twice. Give it once.',
    'zh-CN': '选项 {flag} 重复出现了，请只写一次。',
  },
  'command.unexpected-argument': {
    en: 'Unexpected "{value}". Usage: {usage}, e.g. {example}',
    'zh-CN': '多余的参数“{value}”。用法：{usage}，例如：{example}',
  },
  // Arguments: the target workload.
  'command.invalid-name': {
    en: '"{value}" is not a workload name (lowercase letters, digits, "-" and "."; optionally kind/name such as deploy/web). Usage: {usage}',
    'zh-CN':
      '“{value}”不是有效的工作负载名称（小写字母、数字、“-”和“.”；也可写成 kind/name，如 deploy/web）。用法：{usage}',
  },
  'command.unknown-kind': {
    en: '"{kind}" is not a workload kind. Use deploy/, sts/ or ds/ (or leave the kind out). Usage: {usage}',
    'zh-CN': '“{kind}”不是工作负载类型。请使用 deploy/、sts/ 或 ds/（也可以不写类型）。用法：{usage}',
  },
  'command.kind-mismatch': {
    en: 'This command works on {expected}s, not {given}s. Usage: {usage}',
    'zh-CN': '此命令只作用于 {expected}，不能用于 {given}。用法：{usage}',
  },
  'command.target-not-allowed': {
    en: '"{name}" is not one of the workloads this command may touch: {allowed}.',
    'zh-CN': '“{name}”不在此命令允许操作的工作负载中：{allowed}。',
  },
  'command.missing-name': {
    en: 'Say which workload ({allowed}), e.g. {example}',
    'zh-CN': '请指明工作负载（{allowed}），例如：{example}',
  },
  'command.missing-name-any': {
    en: 'Say which workload, e.g. {example}. Usage: {usage}',
    'zh-CN': '请指明工作负载，例如：{example}。用法：{usage}',
  },
  // Arguments: numbers, durations, containers.
  'command.not-a-number': {
    en: '{what} must be a whole number such as 3, not "{value}".',
    'zh-CN': '{what} 必须是整数（例如 3），而不是“{value}”。',
  },
  'command.missing-replicas': {
    en: 'Say how many replicas ({min}–{max}), e.g. {example}',
    'zh-CN': '请给出副本数（{min}–{max}），例如：{example}',
  },
  'command.replicas-given-twice': {
    en: 'Give the replica count once: either {example} or --replicas=N.',
    'zh-CN': '副本数只需给一次：{example} 或 --replicas=N 二选一。',
  },
  'command.replicas-out-of-range': {
    en: '{value} replicas is outside what this command allows: {min}–{max}.',
    'zh-CN': '副本数 {value} 超出此命令允许的范围：{min}–{max}。',
  },
  'command.tail-out-of-range': {
    en: '--tail {value} is outside what this command allows: 1–{max} lines.',
    'zh-CN': '--tail {value} 超出此命令允许的范围：1–{max} 行。',
  },
  'command.revision-out-of-range': {
    en: '--to-revision must be a revision number of at least 1, not {value}. Leave it out to go back one revision.',
    'zh-CN': '--to-revision 必须是不小于 1 的版本号，而不是 {value}。不写则回滚到上一个版本。',
  },
  'command.invalid-duration': {
    en: '--since needs a duration such as 30s, 10m, 2h or 1d, not "{value}".',
    'zh-CN': '--since 需要一个时长，例如 30s、10m、2h 或 1d，而不是“{value}”。',
  },
  'command.since-out-of-range': {
    en: '--since {value} is outside 1s–{max}.',
    'zh-CN': '--since {value} 超出范围 1s–{max}。',
  },
  'command.invalid-container': {
    en: '"{value}" is not a container name (lowercase letters, digits and "-").',
    'zh-CN': '“{value}”不是有效的容器名称（小写字母、数字和“-”）。',
  },
  'command.container-not-allowed': {
    en: 'This command reads only these containers: {container}. Leave -c out, or name one of them with -c.',
    'zh-CN': '此命令只能读取这些容器的日志：{container}。请去掉 -c，或用 -c 指定其中之一。',
  },
  // Namespaces (-n).
  'command.invalid-namespace': {
    en: '"{value}" is not a namespace name (lowercase letters, digits and "-").',
    'zh-CN': '“{value}”不是有效的命名空间名称（小写字母、数字和“-”）。',
  },
  'command.unknown-namespace': {
    en: '"{trigger}" here acts in namespace {namespaces}, not {namespace}. Leave -n out or use -n {namespaces}.',
    'zh-CN':
      '此会话中的“{trigger}”作用于命名空间 {namespaces}，而不是 {namespace}。请去掉 -n，或使用 -n {namespaces}。',
  },
  'command.namespace-mismatch': {
    en: 'This command acts in namespace {expected}, not {namespace}.',
    'zh-CN': '此命令作用于命名空间 {expected}，而不是 {namespace}。',
  },
  // Help lines, one per action; {usage} is the syntax, {example} a command to copy.
  'command.usage.scale': {
    en: '{usage} — set the replica count ({min}–{max}), e.g. {example}',
    'zh-CN': '{usage} — 设置副本数（{min}–{max}），例如：{example}',
  },
  'command.usage.rollout-restart': {
    en: '{usage} — rolling restart, e.g. {example}',
    'zh-CN': '{usage} — 滚动重启，例如：{example}',
  },
  'command.usage.rollout-status': {
    en: '{usage} — show rollout progress, e.g. {example}',
    'zh-CN': '{usage} — 查看发布进度，例如：{example}',
  },
  'command.usage.rollout-history': {
    en: '{usage} — list revisions, e.g. {example}',
    'zh-CN': '{usage} — 查看历史版本，例如：{example}',
  },
  'command.usage.rollout-undo': {
    en: '{usage} — roll back to the previous (or the given) revision, e.g. {example}',
    'zh-CN': '{usage} — 回滚到上一个（或指定的）版本，例如：{example}',
  },
  'command.usage.diagnose': {
    en: '{usage} — find out why a workload is unhealthy (cause and evidence), e.g. {example}',
    'zh-CN': '{usage} — 诊断工作负载异常的原因（原因与证据），例如：{example}',
  },
  'command.usage.logs': {
    en: '{usage} — show the last {tail} log lines (up to {maxTail}), e.g. {example}',
    'zh-CN': '{usage} — 查看最近 {tail} 行日志（最多 {maxTail} 行），例如：{example}',
  },
  // Day-2 actions (docs/design/0006-day-2-actions.md).
  'command.parameter-missing': {
    en: '{flag} is required. Usage: {usage}',
    'zh-CN': '缺少必填参数 {flag}。用法：{usage}',
  },
  'command.parameter-too-long': {
    en: '{flag} is too long: at most {max} characters.',
    'zh-CN': '{flag} 太长：最多 {max} 个字符。',
  },
  'command.parameter-mismatch': {
    en: '{flag} "{value}" is not accepted here: the value must match {pattern}.',
    'zh-CN': '{flag} 的值“{value}”不被接受：必须匹配 {pattern}。',
  },
  'command.usage.rollout-pause': {
    en: '{usage} — pause the rollout (changes wait until resume), e.g. {example}',
    'zh-CN': '{usage} — 暂停发布（变更在恢复前不会生效），例如：{example}',
  },
  'command.usage.rollout-resume': {
    en: '{usage} — resume a paused rollout, e.g. {example}',
    'zh-CN': '{usage} — 恢复已暂停的发布，例如：{example}',
  },
  'command.usage.job': {
    en: '{usage} — run a Job from the CronJob now and report when it ends, e.g. {example}',
    'zh-CN': '{usage} — 立即从 CronJob 创建一个 Job 运行，并在结束时通知，例如：{example}',
  },
  'command.usage.cronjob-suspend': {
    en: '{usage} — suspend the CronJob schedule, e.g. {example}',
    'zh-CN': '{usage} — 暂停 CronJob 的定时调度，例如：{example}',
  },
  'command.usage.cronjob-resume': {
    en: '{usage} — resume the CronJob schedule, e.g. {example}',
    'zh-CN': '{usage} — 恢复 CronJob 的定时调度，例如：{example}',
  },
  'command.usage.pods': {
    en: '{usage} — list the pods (up to {max}), e.g. {example}',
    'zh-CN': '{usage} — 查看 Pod 列表（最多 {max} 个），例如：{example}',
  },
  'command.usage.events': {
    en: '{usage} — recent warning events (up to {max}), e.g. {example}',
    'zh-CN': '{usage} — 最近的告警事件（最多 {max} 条），例如：{example}',
  },
  'command.usage.webhook': {
    en: '{usage} — call the build server or tool configured for it, e.g. {example}',
    'zh-CN': '{usage} — 调用为其配置的构建服务器或工具，例如：{example}',
  },
};
