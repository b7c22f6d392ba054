// The last check before an action runs: the namespace's runner ServiceAccount exists. The API server does not check
// that an impersonated ServiceAccount exists, so acting as a missing runner would still get every ServiceAccount's
// groups (system:serviceaccounts…); kubetalk refuses instead, from the runner watch's cache (no call per message).
import type { Catalog } from '../i18n/catalog.ts';
import type { UserMessage } from '../errors.ts';

/** Which namespaces have the runner; `exists` is undefined while the cache cannot tell yet. */
export interface RunnerCheck {
  readonly name: string;
  exists(namespace: string): boolean | undefined;
}

/** The refusal, when the runner is missing (or not known yet): a polite message and the reason for log and audit. */
export function checkRunner(
  runners: RunnerCheck,
  namespace: string,
  params: { readonly name: string; readonly trigger: string },
): { readonly message: UserMessage; readonly reason: string } | undefined {
  const exists = runners.exists(namespace);
  if (exists === true) return undefined;
  const account = `ServiceAccount ${namespace}/${runners.name}`;
  return {
    message: {
      key: exists === false ? 'dispatch.runner-missing' : 'dispatch.runner-unknown',
      params: { ...params, namespace, runner: runners.name },
    },
    reason: exists === false ? `runner ${account} does not exist` : `runner ${account} not known yet`,
  };
}

export const runnerCheckMessages: Catalog = {
  'dispatch.runner-missing': {
    en: 'Sorry {name}, I cannot run **{trigger}**: namespace {namespace} has no ServiceAccount **{runner}**, and every chat action there runs as it. Nothing was changed. Ask the owner of namespace {namespace} to create it (`kubectl create serviceaccount {runner} -n {namespace}`) and bind it a Role with the verbs this command needs (see "The runner" in the kubetalk README).',
    'zh-CN':
      '抱歉 {name}，无法执行 **{trigger}**：命名空间 {namespace} 中没有 ServiceAccount **{runner}**，而该命名空间的所有聊天操作都以它的身份执行。未做任何更改。请联系命名空间 {namespace} 的负责人创建它（`kubectl create serviceaccount {runner} -n {namespace}`），并为它绑定包含该命令所需权限的 Role（见 kubetalk README 的 runner 一节）。',
  },
  'dispatch.runner-unknown': {
    en: 'Sorry {name}, I cannot confirm yet that namespace {namespace} has its ServiceAccount **{runner}**, which every chat action there runs as (kubetalk is still loading it). Nothing was changed; try **{trigger}** again in a minute.',
    'zh-CN':
      '抱歉 {name}，暂时无法确认命名空间 {namespace} 中是否存在 ServiceAccount **{runner}**（该命名空间的所有聊天操作都以它的身份执行，kubetalk 仍在加载）。未做任何更改，请一分钟后再试 **{trigger}**。',
  },
};
