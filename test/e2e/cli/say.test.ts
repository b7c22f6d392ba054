// `kubetalk say` against the demo setup in the real cluster: the Deployment changes, and the exit code says so.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterUnavailableReason, eventually, getTestCluster } from '../../support/cluster.ts';
import type { V1Deployment } from '@kubernetes/client-node';
import { message } from '../../support/messages.ts';
import { startCliRig, type CliRig } from './cli-rig.ts';

const skip = clusterUnavailableReason() !== '';

describe.skipIf(skip)('kubetalk say (e2e)', () => {
  let rig: CliRig;
  beforeAll(async () => {
    rig = await startCliRig('say');
  });
  afterAll(async () => {
    await rig?.stop();
  });

  it('scales web and exits 0 with the reply on stdout', async () => {
    const r = await rig.cli(['say', ...rig.flags, 'scale', 'web', '3']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`✅ *scaled deployment/web in ${rig.namespace}: 2 → 3*\n`);
    expect(await rig.replicas()).toBe(3);
  });

  it('answers a Chinese alias in Chinese', async () => {
    const r = await rig.cli(['say', ...rig.flags, '扩容 web 2']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('已扩缩');
    expect(await rig.replicas()).toBe(2);
  });

  it('exits 1 and changes nothing beyond the bounds or for someone not allowed', async () => {
    const { apps } = getTestCluster();
    const read = (): Promise<V1Deployment> =>
      apps.readNamespacedDeployment({ name: 'web', namespace: rig.namespace });
    const before = await read();
    const bounds = await rig.cli(['say', ...rig.flags, 'scale', 'web', '9']);
    expect(bounds.code).toBe(1);
    expect(bounds.stdout).toContain(message('command.replicas-out-of-range', { value: 9, min: 1, max: 5 }));
    const stranger = await rig.cli(['say', ...rig.flags, '--as', 'mallory', 'scale', 'web', '1']);
    expect(stranger.code).toBe(1);
    // The terminal shows markdown **bold** as *bold* when colours are off (NO_COLOR).
    const denied = message('dispatch.denied', { name: 'mallory', trigger: 'scale' }).replaceAll('**', '*');
    expect(stranger.stdout).toContain(denied);
    // Nothing changed: no write reached the Deployment's spec (its generation moves on any spec write, a scale
    // subresource patch included, even one back to the same count), not only "the replica count is what it was".
    const after = await read();
    expect(after.metadata?.generation).toBe(before.metadata?.generation);
    expect(after.spec?.replicas).toBe(before.spec?.replicas);
  });

  it('restarts and, with --wait-follow-up, waits for the rollout to complete', async () => {
    const { apps } = getTestCluster();
    const r = await rig.cli(['say', ...rig.flags, '--wait-follow-up', '--timeout', '90', 'restart web']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^✅ .*restart/m);
    expect(r.stdout).toMatch(/Update on \*deployment\/web\*\n\n✅ /);
    const d = await apps.readNamespacedDeployment({ name: 'web', namespace: rig.namespace });
    expect(d.spec?.template.metadata?.annotations?.['kubectl.kubernetes.io/restartedAt']).toBeDefined();
  });

  it('answers whoami with the ids, as JSON for scripts', async () => {
    const r = await rig.cli(['say', ...rig.flags, '-o', 'json', 'whoami']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as { outcome: string; replies: Array<{ text: string }> };
    expect(json.outcome).toBe('info');
    expect(json.replies[0]?.text).toContain(rig.conversation);
  });

  it('exits 2 and points at the secret when the signature is refused', async () => {
    const flags = rig.flags.map((f) => (f === 'e2e-cli-secret' ? 'not-the-secret' : f));
    const r = await rig.cli(['say', ...flags, 'scale', 'web', '1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/refused the signature \(401/);
    await eventually('nothing changed', async () => ((await rig.replicas()) === 2 ? true : undefined), 2_000);
  });
});
