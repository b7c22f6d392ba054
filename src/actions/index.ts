// The actions module's public surface: the Kubernetes ActionRunner and its message catalog.
export { createKubeActionRunner, DEFAULT_RUNNER_NAME, type KubeActionRunnerOptions } from './runner.ts';
export { actionMessages } from './messages.ts';
export { RUNNER_ROLE_RULES } from './runner-rbac.ts';
export { diagnoseMessages } from './diagnose/messages.ts';
