// The objects of the demo namespace: Deployment web, its runner (ServiceAccount, Role, RoleBinding) and ChatCommands.
import type { KubernetesObject } from '@kubernetes/client-node';
import { renderRunnerObjects } from '../src/actions/runner-rbac.ts';
import { API_VERSION, KIND } from '../src/api/chat-command.ts';

export const DEMO_NAMESPACE = 'demo';
export const DEMO_DEPLOYMENT = 'web';
export const RUNNER = 'kubetalk-runner';
/** Marks what the demo created, so it never deletes (or takes over) a namespace that was already there. */
export const DEMO_LABEL = { 'app.kubernetes.io/managed-by': 'kubetalk-demo' } as const;

export interface DemoAllow {
  readonly conversations: readonly string[];
  readonly users: readonly string[];
}

export function demoNamespace(namespace: string): KubernetesObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace, labels: { ...DEMO_LABEL } } };
}

/**
 * On kwok nodes the container never runs (kwok fakes pods and serves logs from a file); on a real cluster,
 * busybox writes an access-log-like line every few seconds so `logs web` has something to show.
 */
export function demoDeployment(namespace: string): KubernetesObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: DEMO_DEPLOYMENT, namespace, labels: { app: DEMO_DEPLOYMENT, ...DEMO_LABEL } },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: DEMO_DEPLOYMENT } },
      template: {
        metadata: { labels: { app: DEMO_DEPLOYMENT } },
        spec: {
          containers: [
            {
              name: 'app',
              image: 'busybox:1.37',
              command: [
                'sh',
                '-c',
                'i=0; while true; i=$((i+1)); do echo "GET /api/items/$i 200"; sleep 5; done',
              ],
              resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { memory: '32Mi' } },
            },
          ],
        },
      },
    },
  } as KubernetesObject;
}

/** The runner every chat action in the namespace impersonates, with exactly the rules the actions need. */
export function demoRunner(namespace: string): KubernetesObject[] {
  return renderRunnerObjects(namespace, { runnerName: RUNNER, labels: DEMO_LABEL });
}

/** Scale, restart, status and logs for the simulator's user; undo for group admins only (try /admin on). */
export function demoChatCommands(namespace: string, allow: DemoAllow): KubernetesObject[] {
  const targets = { kind: 'Deployment', names: [DEMO_DEPLOYMENT] };
  const users = { conversations: [...allow.conversations], users: [...allow.users] };
  const command = (name: string, spec: Record<string, unknown>): KubernetesObject =>
    ({
      apiVersion: API_VERSION,
      kind: KIND,
      metadata: { name, namespace, labels: { ...DEMO_LABEL } },
      spec: { targets, allow: users, ...spec },
    }) as KubernetesObject;
  return [
    command('scale-web', {
      trigger: 'scale',
      aliases: ['扩容', '扩缩容'],
      description: 'Scale web between 1 and 5 replicas / 在 1–5 个副本之间扩缩 web',
      action: { scale: { minReplicas: 1, maxReplicas: 5 } },
    }),
    command('restart-web', {
      trigger: 'restart',
      aliases: ['重启'],
      description: 'Restart web (rolling) / 滚动重启 web',
      action: { rollout: { operation: 'restart', timeoutSeconds: 120 } },
    }),
    command('status-web', {
      trigger: 'status',
      aliases: ['状态'],
      description: 'Rollout status of web / 查看 web 的发布状态',
      action: { rollout: { operation: 'status', timeoutSeconds: 120 } },
    }),
    command('logs-web', {
      trigger: 'logs',
      aliases: ['日志'],
      description: 'Recent logs of web / 查看 web 的最近日志',
      action: { logs: { tailLines: 10, maxTailLines: 100, maxBytes: 16384 } },
    }),
    command('undo-web', {
      trigger: 'undo',
      aliases: ['回滚'],
      description: 'Roll web back, group admins only / 回滚 web（仅群管理员）',
      action: { rollout: { operation: 'undo', timeoutSeconds: 120 } },
      allow: { ...users, admins: true },
    }),
  ];
}

/** A few CRI-format lines (what kwok serves as the `app` container's log), ending now. */
export function demoLogLines(now: number): string {
  const lines = [
    'listening on :8080',
    'GET /api/items 200 12ms',
    'GET /api/items/42 200 8ms',
    'POST /api/cart 201 31ms',
    'GET /api/items/404 404 3ms',
    'WARN slow query on items (1.2s)',
    'GET /healthz 200 1ms',
  ];
  return lines
    .map((line, i) => `${new Date(now - (lines.length - i) * 7_000).toISOString()} stdout F ${line}\n`)
    .join('');
}
