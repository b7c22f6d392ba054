// One test per classification rule: a real-world signal that the rule (and no earlier row of its stage) names.
import { describe, expect, it } from 'vitest';
import { diagnoseMessages } from '../../../../src/actions/diagnose/messages.ts';
import {
  CLASSIFICATION_RULES,
  classifySignals,
  matchRule,
  type Signal,
} from '../../../../src/actions/diagnose/rules.ts';

/** Wordings from containerd, the kubelet, the scheduler and the API server's admission. */
const EXAMPLES: Readonly<Record<string, { signal: Signal; params?: Record<string, string> }>> = {
  'quota-exceeded': {
    signal: {
      source: 'replica-failure',
      reason: 'FailedCreate',
      message:
        'pods "web-7d-abc" is forbidden: exceeded quota: compute, requested: cpu=2, used: cpu=3, limited: cpu=4',
    },
    params: { quota: 'compute' },
  },
  'pod-security': {
    signal: {
      source: 'replica-failure',
      reason: 'FailedCreate',
      message:
        'pods "web-7d-abc" is forbidden: violates PodSecurity "restricted:latest": allowPrivilegeEscalation != false',
    },
    params: { level: 'restricted:latest' },
  },
  'admission-webhook': {
    signal: {
      source: 'replica-failure',
      reason: 'FailedCreate',
      message: 'admission webhook "validate.kyverno.svc" denied the request: image tag latest is not allowed',
    },
    params: { webhook: 'validate.kyverno.svc' },
  },
  'service-account-missing': {
    signal: {
      source: 'replica-failure',
      reason: 'FailedCreate',
      message:
        'pods "web-7d-abc" is forbidden: error looking up service account shop/builder: serviceaccount "builder" not found',
    },
    params: { ref: 'builder' },
  },
  'create-failed': {
    signal: {
      source: 'replica-failure',
      reason: 'FailedCreate',
      message: 'Internal error occurred: resource quota evaluation timed out',
    },
  },
  'image-not-found': {
    signal: {
      source: 'event',
      reason: 'Failed',
      message:
        'Failed to pull image "registry.example/web:nope": rpc error: code = NotFound desc = failed to pull and unpack image "registry.example/web:nope": failed to resolve reference: registry.example/web:nope: not found',
    },
  },
  'image-unauthorized': {
    signal: {
      source: 'event',
      reason: 'Failed',
      message:
        'Failed to pull image "private/web:1": rpc error: code = Unknown desc = failed to resolve reference: pull access denied, repository does not exist or may require authorization: server message: insufficient_scope',
    },
  },
  'image-pull-timeout': {
    signal: {
      source: 'event',
      reason: 'Failed',
      message:
        'Failed to pull image "registry.example/web:1": rpc error: code = Unknown desc = dial tcp 10.0.0.1:443: i/o timeout',
    },
  },
  'image-name-invalid': {
    signal: {
      source: 'waiting',
      reason: 'InvalidImageName',
      message: 'Failed to apply default image tag "Web:1": couldn\'t parse image reference',
    },
  },
  'image-never-pull': {
    signal: {
      source: 'waiting',
      reason: 'ErrImageNeverPull',
      message: 'Container image "web:1" is not present with pull policy of Never',
    },
  },
  'image-pull-failed': {
    signal: {
      source: 'waiting',
      reason: 'ImagePullBackOff',
      message: 'Back-off pulling image "registry.example/web:1"',
    },
  },
  'configmap-key-missing': {
    signal: {
      source: 'waiting',
      reason: 'CreateContainerConfigError',
      message: "couldn't find key LOG_LEVEL in ConfigMap shop/web-config",
    },
    params: { key: 'LOG_LEVEL', ref: 'web-config' },
  },
  'secret-key-missing': {
    signal: {
      source: 'waiting',
      reason: 'CreateContainerConfigError',
      message: "couldn't find key password in Secret shop/db",
    },
    params: { key: 'password', ref: 'db' },
  },
  'configmap-missing': {
    signal: {
      source: 'waiting',
      reason: 'CreateContainerConfigError',
      message: 'configmap "web-config" not found',
    },
    params: { ref: 'web-config' },
  },
  'secret-missing': {
    signal: {
      source: 'event',
      reason: 'FailedMount',
      message: 'MountVolume.SetUp failed for volume "tls" : secret "web-tls" not found',
    },
    params: { ref: 'web-tls' },
  },
  'container-config-error': {
    signal: {
      source: 'waiting',
      reason: 'CreateContainerConfigError',
      message: 'container has runAsNonRoot and image will run as root',
    },
  },
  'container-create-error': {
    signal: {
      source: 'waiting',
      reason: 'RunContainerError',
      message: 'failed to create containerd task: exec: "/app": permission denied',
    },
  },
  'crash-loop-oom': {
    signal: { source: 'last-terminated', reason: 'OOMKilled', message: '', container: 'app', exitCode: 137 },
  },
  'crash-loop': {
    signal: { source: 'last-terminated', reason: 'Error', message: '', container: 'app', exitCode: 1 },
  },
  'recent-oom': {
    signal: { source: 'last-terminated', reason: 'OOMKilled', message: '', container: 'app', exitCode: 137 },
  },
  'recent-crash': {
    signal: { source: 'last-terminated', reason: 'Error', message: '', container: 'app', exitCode: 2 },
  },
  'unschedulable-resources': {
    signal: {
      source: 'scheduler',
      reason: 'FailedScheduling',
      message:
        '0/3 nodes are available: 3 Insufficient memory. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.',
    },
    params: { resource: 'memory' },
  },
  'unschedulable-volume': {
    signal: {
      source: 'scheduler',
      reason: 'FailedScheduling',
      message:
        '0/1 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.',
    },
  },
  'unschedulable-taint': {
    signal: {
      source: 'scheduler',
      reason: 'FailedScheduling',
      message:
        '0/2 nodes are available: 2 node(s) had untolerated taint {dedicated: gpu}. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.',
    },
  },
  'unschedulable-affinity': {
    signal: {
      source: 'scheduler',
      reason: 'Unschedulable',
      message: "0/2 nodes are available: 2 node(s) didn't match Pod's node affinity/selector.",
    },
  },
  'unschedulable-nodes-cordoned': {
    signal: {
      source: 'scheduler',
      reason: 'FailedScheduling',
      message: '0/2 nodes are available: 2 node(s) were unschedulable.',
    },
  },
  'unschedulable-too-many-pods': {
    signal: {
      source: 'scheduler',
      reason: 'FailedScheduling',
      message: '0/1 nodes are available: 1 Too many pods.',
    },
  },
  unschedulable: {
    signal: {
      source: 'scheduler',
      reason: 'FailedScheduling',
      message: '0/1 nodes are available: 1 node(s) had volume node affinity mismatch beyond words.',
    },
  },
  'volume-mount-failed': {
    signal: {
      source: 'event',
      reason: 'FailedAttachVolume',
      message: 'AttachVolume.Attach failed for volume "pvc-1" : rpc error: code = DeadlineExceeded',
    },
  },
  'sandbox-failed': {
    signal: {
      source: 'event',
      reason: 'FailedCreatePodSandBox',
      message:
        'Failed to create pod sandbox: plugin type="calico" failed (add): error getting ClusterInformation',
    },
  },
  'readiness-probe-failed': {
    signal: {
      source: 'event',
      reason: 'Unhealthy',
      message: 'Readiness probe failed: HTTP probe failed with statuscode: 503',
    },
  },
  'liveness-probe-failed': {
    signal: {
      source: 'event',
      reason: 'Unhealthy',
      message: 'Liveness probe failed: Get "http://10.0.0.5:8080/healthz": context deadline exceeded',
    },
  },
  'startup-probe-failed': {
    signal: {
      source: 'event',
      reason: 'Unhealthy',
      message: 'Startup probe failed: dial tcp 10.0.0.5:8080: connect: connection refused',
    },
  },
};

describe('classification rules', () => {
  it('have unique ids, an example each and a message in both languages', () => {
    const ids = CLASSIFICATION_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(Object.keys(EXAMPLES).sort()).toEqual([...ids].sort());
    for (const id of ids) expect(diagnoseMessages, id).toHaveProperty([`diagnose.cause.${id}`]);
  });

  it.each(CLASSIFICATION_RULES.map((r) => [r.id, r] as const))('%s names its example', (id, rule) => {
    const example = EXAMPLES[id];
    if (!example) throw new Error(`no example for ${id}`);
    const hit = classifySignals(rule.stage, [example.signal]);
    expect(hit?.rule.id).toBe(id);
    expect(hit?.groups).toMatchObject(example.params ?? {});
  });

  it('match nothing from another source, or another reason', () => {
    const notFound: Signal = { source: 'scheduler', reason: 'Failed', message: 'not found' };
    const rule = CLASSIFICATION_RULES.find((r) => r.id === 'image-not-found');
    expect(rule && matchRule(rule, notFound)).toBeUndefined();
    const probe = CLASSIFICATION_RULES.find((r) => r.id === 'readiness-probe-failed');
    expect(
      probe && matchRule(probe, { source: 'event', reason: 'Killing', message: 'Readiness probe' }),
    ).toBeUndefined();
  });

  it('prefer the more specific signal: the pull event over the back-off message', () => {
    const hit = classifySignals('image-pull', [
      { source: 'event', reason: 'Failed', message: 'Failed to pull image "x": manifest unknown' },
      { source: 'waiting', reason: 'ImagePullBackOff', message: 'Back-off pulling image "x"' },
    ]);
    expect(hit?.rule.id).toBe('image-not-found');
  });
});
