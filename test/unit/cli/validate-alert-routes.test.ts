// `kubetalk validate` understands AlertRoute: schema, matchers (RE2) and button templates.
import { describe, expect, it } from 'vitest';
import { checkChatCommands } from '../../../src/cli/check-chat-commands.ts';

const route = (spec: string, ns = 'namespace: shop, '): string => `apiVersion: kubetalk.io/v1alpha1
kind: AlertRoute
metadata: { ${ns}name: shop-alerts }
spec: ${spec}
`;

describe('kubetalk validate: AlertRoute', () => {
  it('accepts a valid route and says where its alerts go', () => {
    const report = checkChatCommands([
      { name: 'r.yaml', text: route(`{ match: ['severity="critical"'], to: { conversationId: 'cid1==' } }`) },
    ]);
    expect(report.ok).toBe(true);
    expect(report.objects[0]).toMatchObject({
      kind: 'AlertRoute',
      status: 'valid',
      summary: 'alerts of shop matching severity="critical" → conversation cid1==',
    });
  });

  it('reports a bad matcher, two destinations and a free-text placeholder', () => {
    const report = checkChatCommands([
      {
        name: 'r.yaml',
        text: route(
          `{ match: ['severity=~"("'], to: { conversationId: 'c', robot: { secretName: s } }, actions: [{ title: x, command: 'restart {{ annotations.x }}' }] }`,
        ),
      },
    ]);
    expect(report.ok).toBe(false);
    const problems = report.objects[0]?.problems.join('\n') ?? '';
    expect(problems).toContain('RE2');
    expect(problems).toContain('exactly one of conversationId or robot');
    expect(problems).toContain('{{ labels.NAME }}');
  });

  it('needs a namespace (or -n)', () => {
    const text = route(`{ to: { conversationId: 'c' } }`, '');
    expect(checkChatCommands([{ name: 'r.yaml', text }]).ok).toBe(false);
    expect(checkChatCommands([{ name: 'r.yaml', text }], { namespace: 'shop' }).ok).toBe(true);
  });
});
