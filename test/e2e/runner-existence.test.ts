// A namespace without its runner ServiceAccount: chat gets a polite refusal and the API server sees no request as
// the missing runner (its audit log says so); the runner created later works at once, without a restart.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../tools/local-cluster/index.ts';
import {
  clusterUnavailableReason,
  createTestNamespace,
  deleteTestNamespace,
  deploymentManifest,
  eventually,
  getTestCluster,
} from '../support/cluster.ts';
import {
  APP_SECRET,
  applyChatCommand,
  CONTROLLER_USER,
  createRunner,
  startChatRig,
  waitForReady,
  type ChatRig,
} from '../support/chat-harness.ts';
import { auditEvents, replicasOf } from '../support/workloads.ts';
import { message } from '../support/messages.ts';

const skip = clusterUnavailableReason() !== '';
const GROUP = 'cidRunnerGroupAAAAAAAAA==';
const ALICE = { staffId: 'alice01', nick: 'Alice', isAdmin: false };

interface AuditEntry {
  readonly requestURI: string;
  readonly verb: string;
  readonly user: { username: string };
  readonly impersonatedUser?: { username: string };
}

/** Every request the API server logged as made by the controller while impersonating `username`. */
function requestsAs(username: string): AuditEntry[] {
  const { state } = getTestCluster();
  return readFileSync(join(state.stateDir, 'logs', 'audit.log'), 'utf8')
    .split('\n')
    .filter((l) => l.includes(username))
    .flatMap((l) => {
      try {
        return [JSON.parse(l) as AuditEntry];
      } catch {
        return []; // the line the API server is writing right now
      }
    })
    .filter((e) => e.user.username === CONTROLLER_USER && e.impersonatedUser?.username === username);
}

describe.skipIf(skip)('the runner ServiceAccount must exist', () => {
  let rig: ChatRig;
  let ns: string;

  beforeAll(async () => {
    ns = await createTestNamespace('norunner');
    rig = await startChatRig([ns], {
      KUBETALK_RATE_LIMIT_USER_PER_MINUTE: '0',
      KUBETALK_RATE_LIMIT_CONVERSATION_PER_MINUTE: '0',
    });
    await getTestCluster().apps.createNamespacedDeployment({
      namespace: ns,
      body: deploymentManifest('web', ns, 1),
    });
    await applyChatCommand(rig, {
      name: 'scale-web',
      namespace: ns,
      spec: {
        trigger: 'scale',
        targets: { kind: 'Deployment', names: ['web'] },
        action: { scale: { minReplicas: 1, maxReplicas: 5 } },
        allow: { conversations: [GROUP], users: ['*'] },
      },
    });
  });
  afterAll(async () => {
    await rig?.stop();
    await deleteTestNamespace(ns);
  });

  it('refuses politely, audits the refusal, and makes no request as the missing runner', async () => {
    const missing = await waitForReady(rig, ns, 'scale-web', 'RunnerMissing');
    expect(missing.message).toContain(`ServiceAccount ${ns}/kubetalk-runner does not exist`);
    const { replies } = await rig.say('scale web 3', { conversationId: GROUP, sender: ALICE });
    const text = replies[0]?.text ?? '';
    expect(text).toContain(`namespace ${ns} has no ServiceAccount **kubetalk-runner**`);
    expect(text).toMatch(/Nothing was changed\. Ask the owner of namespace/);
    expect(replies[0]?.atUserIds).toEqual([ALICE.staffId]);
    const denied = await eventually('CommandDenied Event', async () => {
      const ev = (await auditEvents(ns, 'scale-web')).filter((e) => e.reason === 'CommandDenied');
      return ev.length > 0 ? ev : undefined;
    });
    expect(denied[0]?.message).toMatch(/runner ServiceAccount .*kubetalk-runner does not exist/);
    expect(await replicasOf(ns, 'web')).toBe(1);
    // The API server would have authorised such a request with every ServiceAccount's groups: none was made.
    expect(requestsAs(`system:serviceaccount:${ns}:kubetalk-runner`)).toEqual([]);
  });

  it('acts once the runner is created, and the status turns Ready, without a restart', async () => {
    const pidBefore = rig.controller.child.pid;
    createRunner(ns);
    await waitForReady(rig, ns, 'scale-web', 'Accepted');
    const reply = await eventually('scaled through chat', async () => {
      const { replies } = await rig.say('scale web 3', { conversationId: GROUP, sender: ALICE });
      // The runner's RoleBinding may take a moment to reach the authorizer: retry until it answers 1 → 3.
      return /1 → 3/.test(replies[0]?.text ?? '') ? replies[0]?.text : undefined;
    });
    expect(reply).toContain(
      message('action.scale.done', { kind: 'deployment', name: 'web', namespace: ns, from: 1, to: 3 }),
    );
    expect(await replicasOf(ns, 'web')).toBe(3);
    expect(rig.controller.child.pid).toBe(pidBefore);
    expect(rig.controller.child.exitCode).toBeNull();
    // The audit log does record requests as the runner, so the empty list above was a real absence.
    await eventually('runner requests in the audit log', () =>
      Promise.resolve(
        requestsAs(`system:serviceaccount:${ns}:kubetalk-runner`).some((e) => e.verb === 'patch')
          ? true
          : undefined,
      ),
    );
  });

  it('refuses again when the runner is deleted, without a restart', async () => {
    getTestCluster().plane.kubectl(['-n', ns, 'delete', 'serviceaccount', 'kubetalk-runner']);
    await waitForReady(rig, ns, 'scale-web', 'RunnerMissing');
    const before = requestsAs(`system:serviceaccount:${ns}:kubetalk-runner`).length;
    const { replies } = await rig.say('scale web 2', { conversationId: GROUP, sender: ALICE });
    expect(replies[0]?.text).toContain('has no ServiceAccount **kubetalk-runner**');
    expect(await replicasOf(ns, 'web')).toBe(3);
    expect(requestsAs(`system:serviceaccount:${ns}:kubetalk-runner`)).toHaveLength(before);
  });
});

describe('a shared ServiceAccount as the runner', () => {
  it.each(['default', 'builder'])('refuses %s at start-up with what to set instead', (name) => {
    const run = spawnSync(process.execPath, [join(repoRoot, 'dist', 'main.js')], {
      env: {
        PATH: process.env['PATH'] ?? '',
        KUBETALK_DINGTALK_APP_SECRET: APP_SECRET,
        KUBETALK_RUNNER_SERVICE_ACCOUNT: name,
      },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.status).not.toBe(0);
    const out = `${run.stdout}${run.stderr}`;
    expect(out).toContain(`KUBETALK_RUNNER_SERVICE_ACCOUNT: "${name}" is a ServiceAccount every namespace`);
    expect(out).toContain('Set a dedicated name such as kubetalk-runner');
  });
});
