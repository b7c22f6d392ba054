// Every cookbook recipe, applied as copied with the cookbook's runner Role, run through kubetalk on the real control
// plane: each gets a success reply. Only names are changed (namespaces, the ChatIdentity's), never the recipe.
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyReply } from '../../../src/simulator/classify-reply.ts';
import { repoRoot } from '../../../tools/local-cluster/index.ts';
import { startChatRig, type ChatRig } from '../../support/chat-harness.ts';
import {
  clusterUnavailableReason,
  createTestNamespace,
  deleteTestNamespace,
  deploymentManifest,
  eventually,
  getTestCluster,
} from '../../support/cluster.ts';
import { waitForAvailable } from '../../support/workloads.ts';

const skip = clusterUnavailableReason() !== '';
const COOKBOOK = readFileSync(join(repoRoot, 'docs', 'cookbook.md'), 'utf8');
const RUNNER_SECTION = 'The runner every recipe needs';

/** The cookbook's sections with their yaml blocks, in order. */
function sections(): { title: string; yaml: string[] }[] {
  return COOKBOOK.split(/^## /m)
    .slice(1)
    .map((part) => ({
      title: part.split('\n')[0] ?? '',
      yaml: [...part.matchAll(/^```yaml\n([\s\S]*?)^```$/gm)].map((m) => m[1] ?? ''),
    }))
    .filter((s) => s.yaml.length > 0);
}

interface Sender {
  readonly staffId: string;
  readonly isAdmin?: boolean;
  readonly conversation?: string;
}
const ON_CALL: Sender = { staffId: '0948351305695176' };
/** What each recipe's prose says to type, and as whom. A new recipe without an entry fails the test. */
/**
 * A step's reply must be 'succeeded' (✅), or 'pending': a ChatRequest was opened or an approval recorded, and its
 * code replaces `{code}` in the steps that follow.
 */
type Step = readonly [string, Sender] | readonly [string, Sender, 'pending'];
const RUNS: Readonly<Record<string, readonly Step[]>> = {
  'Scale within bounds': [['scale web 3', ON_CALL]],
  'Restart, for the on-call engineers only': [
    ['restart web', ON_CALL],
    ['重启 web', { staffId: 'oncall-li' }],
  ],
  'Undo, group admins only': [
    ['history web', ON_CALL],
    ['undo web', { staffId: 'any-admin', isAdmin: true }],
  ],
  'Logs, with limits': [['logs api --tail 5 -c app', ON_CALL]],
  'Diagnose: why is it broken?': [
    ['why web', ON_CALL],
    ['诊断 api', ON_CALL],
  ],
  'Chinese triggers': [['状态 web', ON_CALL]],
  'Targets by label selector': [['restart frontend checkout', { staffId: 'oncall-li' }]],
  'One group per namespace': [
    ['scale web 2', { staffId: 'a-dev', conversation: 'cidTeamAGroup==' }],
    ['scale web 4', { staffId: 'b-dev', conversation: 'cidTeamBGroup==' }],
  ],
  'Run a migration from chat (a Job from a CronJob)': [['migrate db-migrate --version=v1.2.3', ON_CALL]],
  'Suspend a CronJob, pause a rollout': [
    ['suspend nightly-report', ON_CALL],
    ['pause web', ON_CALL],
  ],
  'What is wrong with web? (pods and events)': [
    ['pods web', { staffId: 'anyone', conversation: 'cidSomeOtherGroup==' }],
    ['events api', ON_CALL],
  ],
  'Trigger a Jenkins build (outbound webhook)': [['deploy web --branch=release/1.2', ON_CALL]],
  'Look before you leap: previews, confirmation and two-person approval': [
    ['resize web 3', ON_CALL, 'pending'],
    ['confirm {code}', ON_CALL],
    ['undo web', ON_CALL, 'pending'],
    ['approve {code}', { staffId: 'sre0042' }, 'pending'],
    ['approve {code}', { staffId: 'sre0077' }],
  ],
  'Let RBAC decide': [['scale web 5', ON_CALL]],
};

describe.skipIf(skip)('cookbook recipes, as copied (e2e)', () => {
  let rig: ChatRig;
  let ns: string;
  let teamA: string;
  let teamB: string;
  let jenkins: Server;
  const jenkinsCalls: string[] = [];
  const suffix = Math.random().toString(36).slice(2, 8);
  const { plane, kc } = getTestCluster();
  const apply = (yaml: string): void => void plane.kubectl(['apply', '-f', '-'], yaml);
  /** Only names change: the namespaces, and the cluster-scoped ChatIdentity's name and user. */
  const localise = (yaml: string): string =>
    yaml
      .replace(/namespace: shop\b/g, `namespace: ${ns}`)
      .replace(/namespace: team-a\b/g, `namespace: ${teamA}`)
      .replace(/namespace: team-b\b/g, `namespace: ${teamB}`)
      .replace(/metadata: \{ name: alice \}/, `metadata: { name: alice-${suffix} }`)
      .replace(/alice@example\.com/g, `alice-${suffix}@example.com`)
      .replace(/shop-devs/g, `shop-devs-${suffix}`);

  beforeAll(async () => {
    [ns, teamA, teamB] = [
      await createTestNamespace('cookbook'),
      await createTestNamespace('team-a'),
      await createTestNamespace('team-b'),
    ];
    jenkins = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        jenkinsCalls.push(`${req.method} ${req.url} ${body}`);
        res.writeHead(201, { Location: 'http://127.0.0.1/queue/item/7/' }).end();
      });
    });
    jenkins.listen(0, '127.0.0.1');
    await once(jenkins, 'listening');
    const jenkinsUrl = `http://127.0.0.1:${(jenkins.address() as AddressInfo).port}/job/deploy/buildWithParameters`;

    // The cookbook's runner, as copied, in every namespace a recipe uses.
    const runner = sections().find((s) => s.title === RUNNER_SECTION)?.yaml[0] ?? '';
    expect(runner).toContain('kind: Role');
    for (const target of [ns, teamA, teamB])
      apply(runner.replace(/namespace: shop\b/g, `namespace: ${target}`));

    // The workloads the recipes name.
    const { apps, core } = getTestCluster();
    const batch = kc.makeApiClient(k8s.BatchV1Api);
    for (const name of ['web', 'api'])
      await apps.createNamespacedDeployment({ namespace: ns, body: deploymentManifest(name, ns, 2) });
    const checkout = deploymentManifest('checkout', ns, 1);
    checkout.metadata = {
      ...checkout.metadata,
      labels: { app: 'checkout', tier: 'frontend', 'example.com/chat-ops': 'yes' },
    };
    await apps.createNamespacedDeployment({ namespace: ns, body: checkout });
    for (const team of [teamA, teamB])
      await apps.createNamespacedDeployment({ namespace: team, body: deploymentManifest('web', team, 1) });
    for (const name of ['db-migrate', 'nightly-report'])
      await batch.createNamespacedCronJob({ namespace: ns, body: cronJob(name, ns) });
    await core.createNamespacedSecret({
      namespace: ns,
      body: { metadata: { name: 'jenkins-deploy' }, stringData: { url: jenkinsUrl, method: 'POST' } },
    });
    await waitForAvailable(ns, 'web', 2);
    await waitForAvailable(ns, 'api', 2);

    rig = await startChatRig([ns, teamA, teamB], {
      KUBETALK_ANY_CONVERSATION_NAMESPACES: ns,
      KUBETALK_WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
      KUBETALK_WEBHOOK_ALLOW_ADDRESSES: 'loopback',
      KUBETALK_WEBHOOK_ALLOW_HTTP: 'true',
      KUBETALK_RATE_LIMIT_USER_PER_MINUTE: '0',
      KUBETALK_RATE_LIMIT_CONVERSATION_PER_MINUTE: '0',
    });
  });
  afterAll(async () => {
    await rig?.stop();
    jenkins?.close();
    plane.kubectl(['delete', 'chatidentity', `alice-${suffix}`, '--ignore-not-found']);
    for (const n of [ns, teamA, teamB]) if (n) await deleteTestNamespace(n);
  });

  it('has a run for every recipe', () => {
    const titles = sections()
      .map((s) => s.title)
      .filter((t) => t !== RUNNER_SECTION);
    expect(titles.length).toBeGreaterThanOrEqual(13);
    expect(titles.filter((t) => RUNS[t] === undefined)).toEqual([]);
  });

  it.each(Object.keys(RUNS))('%s: applied as copied, every example gets a success reply', async (title) => {
    const recipe = sections().find((s) => s.title === title);
    expect(recipe, `the cookbook has no section "${title}"`).toBeDefined();
    const docs = (recipe?.yaml ?? []).map(localise);
    for (const yaml of docs) apply(yaml);
    const commands = docs.flatMap((yaml) =>
      [...yaml.matchAll(/kind: ChatCommand\nmetadata: \{ name: ([^,]+), namespace: ([^ ]+) \}/g)].map(
        (m) => [m[2] ?? '', m[1] ?? ''] as const,
      ),
    );
    const readyOf = (kind: string, name: string, namespace?: string): string =>
      plane
        .kubectl([
          'get',
          kind,
          name,
          ...(namespace === undefined ? [] : ['-n', namespace]),
          '-o',
          'jsonpath={.status.conditions[?(@.type=="Ready")].status}',
        ])
        .trim();
    await eventually(`${title}: ChatCommands Ready`, () =>
      Promise.resolve(
        commands.every(([namespace, name]) => readyOf('chatcommand', name, namespace) === 'True') ||
          undefined,
      ),
    );
    if (title === 'Let RBAC decide') {
      await eventually('ChatIdentity mapped', () =>
        Promise.resolve(readyOf('chatidentity', `alice-${suffix}`) === 'True' || undefined),
      );
    }
    if (title.startsWith('Look before you leap')) {
      // An earlier recipe paused web (and an undo of a paused Deployment is refused): resume it, as its owner would.
      plane.kubectl(['patch', 'deployment', 'web', '-n', ns, '-p', '{"spec":{"paused":false}}']);
    }
    let code = '';
    for (const [typed, sender, expected] of RUNS[title] ?? []) {
      const text = typed.replace('{code}', code);
      const { replies } = await rig.say(text, {
        conversationId: sender.conversation ?? 'cidShopOps==',
        sender: { staffId: sender.staffId, nick: sender.staffId, isAdmin: sender.isAdmin ?? false },
      });
      const reply = replies[0]?.text ?? '';
      if (expected === 'pending') {
        code = /\*\*([A-Z0-9]{6})\*\*/.exec(reply)?.[1] ?? '';
        expect(code, `"${text}" as ${sender.staffId} opens or advances a request:\n${reply}`).not.toBe('');
      } else {
        expect(classifyReply(reply), `"${text}" as ${sender.staffId}:\n${reply}`).toBe('succeeded');
      }
    }
    if (title === 'Trigger a Jenkins build (outbound webhook)') {
      expect(jenkinsCalls).toEqual([
        expect.stringMatching(/^POST \/job\/deploy\/buildWithParameters APP=web&BRANCH=release%2F1\.2$/),
      ]);
    }
    // Recipes reuse names (scale-web, restart triggers): each one leaves the stage clean for the next.
    for (const [namespace, name] of commands) plane.kubectl(['delete', 'chatcommand', name, '-n', namespace]);
  });
});

function cronJob(name: string, namespace: string): k8s.V1CronJob {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name, namespace },
    spec: {
      schedule: '0 0 1 1 *',
      suspend: name === 'db-migrate',
      jobTemplate: {
        spec: {
          backoffLimit: 0,
          template: {
            spec: {
              restartPolicy: 'Never',
              containers: [{ name: 'migrate', image: `registry.example/${name}:1` }],
            },
          },
        },
      },
    },
  };
}
