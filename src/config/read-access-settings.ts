// Where chat may act and as whom: watched namespaces, the namespaces any conversation may use, the runner
// ServiceAccount (never one every namespace shares), the reply language and the log level.
import { isLocale } from '../i18n/catalog.ts';
import type { LogLevel } from '../log/logger.ts';
import type { Config } from './config-types.ts';
import { DNS1123, list, type SettingReaders } from './setting-readers.ts';

/** Names Kubernetes (default) or OpenShift (builder, deployer, pipeline) create in every namespace: never a runner. */
export const SHARED_SERVICE_ACCOUNTS: readonly string[] = ['default', 'builder', 'deployer', 'pipeline'];
const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

export function readAccessSettings({
  get,
  problems,
}: SettingReaders): Pick<
  Config,
  'namespaces' | 'anyConversationNamespaces' | 'runnerServiceAccount' | 'locale' | 'logLevel'
> {
  const namespaces = list(get('KUBETALK_NAMESPACES'));
  for (const n of namespaces)
    if (!DNS1123.test(n)) problems.push(`KUBETALK_NAMESPACES: "${n}" is not a valid namespace name`);
  const anyConversationNamespaces = list(get('KUBETALK_ANY_CONVERSATION_NAMESPACES'));
  for (const n of anyConversationNamespaces)
    if (n !== '*' && !DNS1123.test(n))
      problems.push(`KUBETALK_ANY_CONVERSATION_NAMESPACES: "${n}" is not a namespace name or *`);
  const runner = get('KUBETALK_RUNNER_SERVICE_ACCOUNT');
  if (!DNS1123.test(runner))
    problems.push(`KUBETALK_RUNNER_SERVICE_ACCOUNT: "${runner}" is not a valid ServiceAccount name`);
  else if (SHARED_SERVICE_ACCOUNTS.includes(runner))
    problems.push(
      `KUBETALK_RUNNER_SERVICE_ACCOUNT: "${runner}" is a ServiceAccount every namespace (or OpenShift) creates and pods share; chat actions would run with its rights and exist in namespaces nobody prepared. Set a dedicated name such as kubetalk-runner (the default) and create it, with its Role, only where chat may act`,
    );
  const locale = get('KUBETALK_LOCALE');
  if (!isLocale(locale)) problems.push(`KUBETALK_LOCALE=${JSON.stringify(locale)}: expected en or zh-CN`);
  const logLevel = get('KUBETALK_LOG_LEVEL') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel))
    problems.push(`KUBETALK_LOG_LEVEL=${JSON.stringify(logLevel)}: expected one of ${LOG_LEVELS.join(', ')}`);
  return {
    namespaces,
    anyConversationNamespaces,
    runnerServiceAccount: runner,
    locale: isLocale(locale) ? locale : 'en',
    logLevel,
  };
}
