// parseArguments: every grammar form per action, and every error it can give (with what to type instead).
import { describe, expect, it } from 'vitest';
import type { ChatCommand } from '../../../src/api/chat-command.ts';
import type { Invocation } from '../../../src/commands/invocation.ts';
import { parseArguments } from '../../../src/commands/parse-arguments.ts';
import { tokenize } from '../../../src/commands/tokenize.ts';
import { makeCommand } from '../api/support/make-command.ts';

const two = { kind: 'Deployment', names: ['web', 'api'] };
const one = { kind: 'Deployment', names: ['web'] };
const COMMANDS = {
  scale: makeCommand({
    trigger: 'scale',
    targets: two,
    action: { scale: { minReplicas: 1, maxReplicas: 10 } },
  }),
  scaleOne: makeCommand({
    trigger: 'scale',
    targets: one,
    action: { scale: { minReplicas: 0, maxReplicas: 5 } },
  }),
  scaleSelector: makeCommand({
    trigger: 'scale',
    targets: { kind: 'Deployment', selector: { matchLabels: { chat: 'on' } } },
    action: { scale: { minReplicas: 1, maxReplicas: 3 } },
  }),
  restart: makeCommand({ trigger: 'restart', targets: two, action: { rollout: { operation: 'restart' } } }),
  statusOne: makeCommand({ trigger: 'status', targets: one, action: { rollout: { operation: 'status' } } }),
  undo: makeCommand({ trigger: 'undo', targets: two, action: { rollout: { operation: 'undo' } } }),
  history: makeCommand({ trigger: 'history', targets: two, action: { rollout: { operation: 'history' } } }),
  sts: makeCommand({
    trigger: 'restart',
    targets: { kind: 'StatefulSet', names: ['db'] },
    action: { rollout: { operation: 'restart' } },
  }),
  ds: makeCommand({
    trigger: 'restart',
    targets: { kind: 'DaemonSet', names: ['agent'] },
    action: { rollout: { operation: 'restart' } },
  }),
  logs: makeCommand({ trigger: 'logs', targets: two, action: { logs: {} } }),
  logsFixed: makeCommand({
    trigger: 'logs',
    targets: two,
    action: {
      logs: { container: 'app', sinceSeconds: 3600, tailLines: 20, maxTailLines: 100, maxBytes: 4096 },
    },
  }),
  logsList: makeCommand({
    trigger: 'logs',
    targets: two,
    action: { logs: { containers: ['app', 'worker'] } },
  }),
} satisfies Record<string, ChatCommand>;
type CommandName = keyof typeof COMMANDS;

function parse(name: CommandName, text: string) {
  return parseArguments(COMMANDS[name], tokenize(text));
}

function ok(name: CommandName, text: string): Omit<Invocation, 'command'> {
  const result = parse(name, text);
  if (!result.ok) throw new Error(`expected ok for "${text}", got ${result.error.message}`);
  const { command, ...rest } = result.invocation;
  expect(command).toBe(COMMANDS[name]);
  return rest;
}

const web = { kind: 'Deployment', name: 'web' };

describe('parseArguments: scale', () => {
  it.each([
    ['web 3', 'web', 3],
    ['api 10', 'api', 10],
    ['web 1', 'web', 1],
    ['Web 3', 'web', 3],
    ['WEB 3', 'web', 3],
    ['deploy/web 3', 'web', 3],
    ['deployment/web 3', 'web', 3],
    ['deployments/web 3', 'web', 3],
    ['Deployment/Web 3', 'web', 3],
    ['deployments.apps/web 3', 'web', 3],
    ['web --replicas=3', 'web', 3],
    ['web --replicas 3', 'web', 3],
    ['--replicas=3 web', 'web', 3],
    ['web --REPLICAS=3', 'web', 3],
    ['web ３', 'web', 3],
    ['ｗｅｂ\u3000４', 'web', 4],
    ['web 007', 'web', 7],
    ['"web" "3"', 'web', 3],
    ['-n shop web 3', 'web', 3],
    ['web 3 -n shop', 'web', 3],
    ['web --namespace=shop 3', 'web', 3],
    ['web 3 -n SHOP', 'web', 3],
  ])('"%s" → %s to %i', (text, name, replicas) => {
    expect(ok('scale', text)).toEqual({
      namespace: 'shop',
      target: { kind: 'Deployment', name },
      scale: { replicas },
    });
  });

  it.each([
    ['3', 3],
    ['0', 0],
    ['--replicas=2', 2],
    ['web 5', 5],
  ])('implies the only name: "%s"', (text, replicas) => {
    expect(ok('scaleOne', text)).toEqual({ namespace: 'shop', target: web, scale: { replicas } });
  });

  it('takes any valid name for selector targets (the action checks labels)', () => {
    expect(ok('scaleSelector', 'deploy/anything 2').target).toEqual({ kind: 'Deployment', name: 'anything' });
  });
});

describe('parseArguments: rollout', () => {
  it.each([
    ['restart', 'web', web, {}],
    ['restart', 'deploy/api', { kind: 'Deployment', name: 'api' }, {}],
    ['statusOne', '', web, {}],
    ['statusOne', 'web', web, {}],
    ['history', 'api', { kind: 'Deployment', name: 'api' }, {}],
    ['undo', 'web', web, {}],
    ['undo', 'web --to-revision=3', web, { toRevision: 3 }],
    ['undo', 'web --to-revision 3', web, { toRevision: 3 }],
    ['undo', '--to-revision=12 web', web, { toRevision: 12 }],
    ['sts', 'db', { kind: 'StatefulSet', name: 'db' }, {}],
    ['sts', 'sts/db', { kind: 'StatefulSet', name: 'db' }, {}],
    ['sts', 'statefulset/db', { kind: 'StatefulSet', name: 'db' }, {}],
    ['sts', 'statefulsets.apps/db', { kind: 'StatefulSet', name: 'db' }, {}],
    ['sts', '', { kind: 'StatefulSet', name: 'db' }, {}],
    ['ds', 'ds/agent', { kind: 'DaemonSet', name: 'agent' }, {}],
    ['ds', 'daemonset/agent', { kind: 'DaemonSet', name: 'agent' }, {}],
    ['ds', 'daemonsets/agent', { kind: 'DaemonSet', name: 'agent' }, {}],
  ] as const)('%s "%s"', (name, text, target, extra) => {
    const operation = COMMANDS[name].spec.action.rollout?.operation;
    expect(ok(name, text)).toEqual({ namespace: 'shop', target, rollout: { operation, ...extra } });
  });
});

describe('parseArguments: logs', () => {
  const defaults = { tailLines: 50, previous: false, maxBytes: 16384 };
  it.each([
    ['web', {}],
    ['web --tail 100', { tailLines: 100 }],
    ['web --tail=100', { tailLines: 100 }],
    ['--tail=500 web', { tailLines: 500 }],
    ['web --tail 1', { tailLines: 1 }],
    ['web -c app', { container: 'app' }],
    ['web -c=app', { container: 'app' }],
    ['web --container=app', { container: 'app' }],
    ['web --container App', { container: 'app' }],
    ['web --since 30s', { sinceSeconds: 30 }],
    ['web --since=10m', { sinceSeconds: 600 }],
    ['web --since 2h', { sinceSeconds: 7200 }],
    ['web --since 1d', { sinceSeconds: 86400 }],
    ['web --since 1h30m', { sinceSeconds: 5400 }],
    ['web --since 30d', { sinceSeconds: 2592000 }],
    ['web --previous', { previous: true }],
    ['web -p', { previous: true }],
    ['web —tail 20', { tailLines: 20 }],
    ['web --tail ２０', { tailLines: 20 }],
    [
      '-p --since=5m web -c app --tail=10 -n shop',
      { previous: true, sinceSeconds: 300, container: 'app', tailLines: 10 },
    ],
  ])('"%s"', (text, extra) => {
    expect(ok('logs', text)).toEqual({ namespace: 'shop', target: web, logs: { ...defaults, ...extra } });
  });

  it('uses the spec’s container, window, tail and byte budget', () => {
    const fixed = { tailLines: 20, container: 'app', sinceSeconds: 3600, previous: false, maxBytes: 4096 };
    expect(ok('logsFixed', 'web').logs).toEqual(fixed);
    expect(ok('logsFixed', 'web -c app').logs).toEqual(fixed);
    expect(ok('logsFixed', 'web --since 5m --tail 100').logs).toEqual({
      ...fixed,
      sinceSeconds: 300,
      tailLines: 100,
    });
  });
});

describe('parseArguments: a containers allow-list', () => {
  it('reads the first listed container by default and lets -c choose only among them', () => {
    expect(ok('logsList', 'web').logs?.container).toBe('app');
    expect(ok('logsList', 'web -c worker').logs?.container).toBe('worker');
  });
});

describe('parseArguments: errors', () => {
  it.each([
    // Injection and path tricks: refused before anything else is read.
    ['scale', 'web; rm -rf /', 'command.invalid-characters', { value: 'web;' }],
    ['scale', 'web 3 ; rm -rf /', 'command.invalid-characters', { value: ';' }],
    ['scale', '$(id) 3', 'command.invalid-characters', { value: '$(id)' }],
    ['scale', '`id` 3', 'command.invalid-characters', { value: '`id`' }],
    ['scale', 'web 3 && reboot', 'command.invalid-characters', { value: '&&' }],
    ['scale', 'web | cat', 'command.invalid-characters', { value: '|' }],
    ['scale', 'web > /tmp/x', 'command.invalid-characters', { value: '>' }],
    ['scale', '"web 3"', 'command.invalid-characters', { value: 'web 3' }],
    ['scale', 'web${IFS}3', 'command.invalid-characters', { value: 'web${IFS}3' }],
    ['scale', 'web\\ 3', 'command.invalid-characters', { value: 'web\\' }],
    ['scale', "web' 3", 'command.invalid-characters', { value: "web'" }],
    ['scale', '网站 3', 'command.invalid-characters', { value: '网站' }],
    ['scale', 'web_1 3', 'command.invalid-characters', { value: 'web_1' }],
    ['scale', '../etc 3', 'command.invalid-name', { value: '../etc' }],
    ['scale', '../../etc/passwd 3', 'command.invalid-name', { value: '../../etc/passwd' }],
    ['scale', '/etc 3', 'command.invalid-name', { value: '/etc' }],
    ['scale', 'deploy/../web 3', 'command.invalid-name', { value: 'deploy/../web' }],
    ['scale', 'web.. 3', 'command.invalid-name', { value: 'web..' }],
    ['scale', '.web 3', 'command.invalid-name', { value: '.web' }],
    ['scale', 'web- 3', 'command.invalid-name', { value: 'web-' }],
    ['scale', 'deploy/ 3', 'command.invalid-name', { value: 'deploy/' }],
    ['scale', `${'a'.repeat(254)} 3`, 'command.invalid-name', {}],
    ['scale', 'web --replicas=3;id', 'command.invalid-characters', { value: '--replicas=3;id' }],
    // Kinds.
    ['scale', 'pod/web 3', 'command.unknown-kind', { kind: 'pod' }],
    ['scale', 'rs/web 3', 'command.unknown-kind', { kind: 'rs' }],
    ['scale', 'sts/web 3', 'command.kind-mismatch', { given: 'StatefulSet', expected: 'Deployment' }],
    ['ds', 'deploy/agent', 'command.kind-mismatch', { given: 'Deployment', expected: 'DaemonSet' }],
    ['sts', 'ds/db', 'command.kind-mismatch', { given: 'DaemonSet', expected: 'StatefulSet' }],
    // Names.
    ['scale', 'db 3', 'command.target-not-allowed', { name: 'db', allowed: 'web, api' }],
    ['scale', '3', 'command.missing-name', { allowed: 'web, api', example: 'scale web 3' }],
    ['scale', '', 'command.missing-name', { allowed: 'web, api' }],
    ['scale', '--replicas=3', 'command.missing-name', { allowed: 'web, api' }],
    ['scaleSelector', '2', 'command.missing-name-any', { example: 'scale NAME 3' }],
    ['restart', '', 'command.missing-name', { allowed: 'web, api', example: 'restart web' }],
    // Counts.
    ['scale', 'web', 'command.missing-replicas', { min: 1, max: 10, example: 'scale web 3' }],
    ['scaleOne', '', 'command.missing-replicas', { min: 0, max: 5 }],
    ['scale', 'web three', 'command.not-a-number', { what: 'replicas', value: 'three' }],
    ['scale', 'web -1', 'command.not-a-number', { value: '-1' }],
    ['scaleOne', '-1', 'command.not-a-number', { value: '-1' }],
    ['scale', 'web +3', 'command.not-a-number', { value: '+3' }],
    ['scale', 'web 3.5', 'command.not-a-number', { value: '3.5' }],
    ['scale', 'web 1e3', 'command.not-a-number', { value: '1e3' }],
    ['scale', 'web 0x10', 'command.not-a-number', { value: '0x10' }],
    ['scale', 'web 9999999999', 'command.not-a-number', { value: '9999999999' }],
    ['scale', 'web --replicas=-2', 'command.not-a-number', { value: '-2' }],
    ['scale', 'web 11', 'command.replicas-out-of-range', { value: 11, min: 1, max: 10 }],
    ['scale', 'web 0', 'command.replicas-out-of-range', { value: 0, min: 1, max: 10 }],
    ['scaleOne', '6', 'command.replicas-out-of-range', { value: 6, min: 0, max: 5 }],
    ['scale', 'web 3 --replicas=3', 'command.replicas-given-twice', {}],
    ['scaleOne', '3 --replicas=4', 'command.replicas-given-twice', {}],
    // Flags and extra words.
    ['scale', 'web 3 4', 'command.unexpected-argument', { value: '4' }],
    ['scale', 'web --replicas', 'command.flag-needs-value', { flag: '--replicas', example: '--replicas=3' }],
    ['scale', 'web --replicas=', 'command.flag-needs-value', { flag: '--replicas' }],
    ['scale', 'web --replicas --force', 'command.flag-needs-value', { flag: '--replicas' }],
    ['scale', 'web --replicas=3 --replicas=4', 'command.duplicate-flag', { flag: '--replicas' }],
    ['scale', 'web 3 --tail=5', 'command.unknown-flag', { flag: '--tail' }],
    ['scale', 'web 3 --force', 'command.unknown-flag', { flag: '--force' }],
    ['scale', 'web 3 --', 'command.unknown-flag', { flag: '--' }],
    ['scale', 'web 3 -rf', 'command.unknown-flag', { flag: '-rf' }],
    ['restart', 'web api', 'command.unexpected-argument', { value: 'api' }],
    ['restart', 'web --to-revision=2', 'command.unknown-flag', { flag: '--to-revision' }],
    ['restart', 'web --previous', 'command.unknown-flag', { flag: '--previous' }],
    // Namespaces.
    ['scale', '-n dev web 3', 'command.namespace-mismatch', { namespace: 'dev', expected: 'shop' }],
    ['scale', 'web 3 -n', 'command.flag-needs-value', { flag: '-n' }],
    ['scale', 'web 3 --namespace=', 'command.flag-needs-value', { flag: '--namespace' }],
    ['scale', '-n $(id) web 3', 'command.invalid-namespace', { value: '$(id)' }],
    ['scale', '-n ../kube-system web 3', 'command.invalid-namespace', { value: '../kube-system' }],
    ['scale', '-n shop -n dev web 3', 'command.duplicate-flag', { flag: '--namespace' }],
    // Revisions.
    ['undo', 'web --to-revision=0', 'command.revision-out-of-range', { value: 0 }],
    ['undo', 'web --to-revision=abc', 'command.not-a-number', { what: '--to-revision', value: 'abc' }],
    ['undo', 'web --to-revision', 'command.flag-needs-value', { flag: '--to-revision' }],
    // Logs.
    ['logs', 'web --tail 0', 'command.tail-out-of-range', { value: 0, max: 500 }],
    ['logs', 'web --tail 501', 'command.tail-out-of-range', { value: 501, max: 500 }],
    ['logsFixed', 'web --tail 101', 'command.tail-out-of-range', { value: 101, max: 100 }],
    ['logs', 'web --tail=abc', 'command.not-a-number', { what: '--tail', value: 'abc' }],
    ['logs', 'web -c a..b', 'command.invalid-container', { value: 'a..b' }],
    ['logs', 'web -c -app', 'command.flag-needs-value', { flag: '-c' }],
    ['logs', `web -c ${'a'.repeat(64)}`, 'command.invalid-container', {}],
    ['logsFixed', 'web -c sidecar', 'command.container-not-allowed', { container: 'app' }],
    ['logsList', 'web -c istio-proxy', 'command.container-not-allowed', { container: 'app, worker' }],
    ['logs', 'web --since 10', 'command.invalid-duration', { value: '10' }],
    ['logs', 'web --since 10x', 'command.invalid-duration', { value: '10x' }],
    ['logs', 'web --since 1w', 'command.invalid-duration', { value: '1w' }],
    ['logs', 'web --since -5m', 'command.invalid-duration', { value: '-5m' }],
    ['logs', 'web --since 31d', 'command.since-out-of-range', { value: '31d' }],
    ['logs', 'web --since 0s', 'command.since-out-of-range', { value: '0s' }],
    ['logs', 'web --previous=true', 'command.flag-takes-no-value', { flag: '--previous' }],
    ['logs', 'web -p -p', 'command.duplicate-flag', { flag: '--previous' }],
    ['logs', 'web --follow', 'command.unknown-flag', { flag: '--follow' }],
    ['logs', 'web extra', 'command.unexpected-argument', { value: 'extra' }],
  ] as const)('%s "%s" → %s', (name, text, key, params) => {
    const result = parse(name, text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.userMessage.key).toBe(key);
    expect(result.error.userMessage.params).toMatchObject(params);
  });

  it('quotes long input back shortened', () => {
    const result = parse('scale', `${'a'.repeat(300)} 3`);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(String(result.error.userMessage.params?.value)).toHaveLength(40);
  });

  it('gives usage lines that say what to type instead', () => {
    const usage = (name: CommandName, text: string): unknown => {
      const r = parse(name, text);
      return r.ok ? undefined : r.error.userMessage.params?.usage;
    };
    expect(usage('scale', 'web 3 --force')).toBe('scale <web|api> <1..10>');
    expect(usage('scaleOne', '3 --force')).toBe('scale [web] <0..5>');
    expect(usage('scaleSelector', 'x 2 --force')).toBe('scale <NAME> <1..3>');
    expect(usage('undo', 'web --force')).toBe('undo <web|api> [--to-revision=N]');
    expect(usage('logs', 'web --force')).toBe(
      'logs <web|api> [--tail=1..500] [-c CONTAINER] [--since=10m] [--previous]',
    );
    expect(usage('logsFixed', 'web --force')).toBe(
      'logs <web|api> [--tail=1..100] [--since=10m] [--previous]',
    );
  });
});
