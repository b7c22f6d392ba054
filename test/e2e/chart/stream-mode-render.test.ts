// The chart in Stream mode: the mode and Client ID reach the controller, no Ingress, no callback ingress rule.
import { describe, expect, it } from 'vitest';
import { ALL_OPTIONS, helmBinary, renderChart, type Manifest } from '../../support/helm.ts';

const skip = helmBinary() === undefined && process.env['CI'] !== 'true';

type Env = Array<{ name: string; value?: string }>;
const envOf = (ms: Manifest[]): Env => {
  const d = ms.find((m) => m.kind === 'Deployment') as unknown as {
    spec: { template: { spec: { containers: Array<{ env: Env }> } } };
  };
  return d.spec.template.spec.containers[0]?.env ?? [];
};
const value = (env: Env, name: string): string | undefined => env.find((e) => e.name === name)?.value;

describe.skipIf(skip)('helm chart, DingTalk Stream mode', () => {
  it('defaults to http and sets no client ID', () => {
    const env = envOf(renderChart());
    expect(value(env, 'KUBETALK_DINGTALK_MODE')).toBe('http');
    expect(value(env, 'KUBETALK_DINGTALK_CLIENT_ID')).toBeUndefined();
  });

  it('stream: passes mode, client ID and robotCode; renders no Ingress and no callback ingress rule', () => {
    const ms = renderChart([
      ...ALL_OPTIONS,
      'dingtalk.mode=stream',
      'dingtalk.clientId=dingabc',
      'dingtalk.robotCode=dingbot',
      // The public port also serves the Alertmanager receiver: closed only when alerts are off.
      'alerts.enabled=false',
    ]);
    const env = envOf(ms);
    expect(value(env, 'KUBETALK_DINGTALK_MODE')).toBe('stream');
    expect(value(env, 'KUBETALK_DINGTALK_CLIENT_ID')).toBe('dingabc');
    expect(value(env, 'KUBETALK_DINGTALK_ROBOT_CODE')).toBe('dingbot');
    expect(ms.filter((m) => m.kind === 'Ingress')).toHaveLength(0);
    const np = ms.find((m) => m.kind === 'NetworkPolicy') as unknown as {
      spec: { ingress: Array<{ ports?: Array<{ port: string }> }> | null };
    };
    expect(np.spec.ingress).not.toBeNull();
    expect((np.spec.ingress ?? []).flatMap((r) => r.ports ?? []).map((p) => p.port)).not.toContain(
      'callbacks',
    );
    const withAlerts = renderChart([...ALL_OPTIONS, 'dingtalk.mode=stream', 'dingtalk.clientId=dingabc']);
    const npAlerts = withAlerts.find((m) => m.kind === 'NetworkPolicy') as unknown as typeof np;
    expect((npAlerts.spec.ingress ?? []).flatMap((r) => r.ports ?? []).map((p) => p.port)).toContain(
      'callbacks',
    );
  });

  it('refuses stream without a client ID and an unknown mode', () => {
    expect(() => renderChart(['dingtalk.mode=stream'])).toThrow(/clientId/);
    expect(() => renderChart(['dingtalk.mode=websocket'])).toThrow(/mode/);
  });
});
