// Rendering of previews and requests in English and Chinese (golden files), and the field-by-field difference.
import { describe, expect, it } from 'vitest';
import { diffObjects } from '../../../src/actions/preview/diff-objects.ts';
import { previewMessages } from '../../../src/actions/preview/messages.ts';
import { actionMessages } from '../../../src/actions/messages.ts';
import type { Approval } from '../../../src/api/chat-command.ts';
import type { ChatRequest } from '../../../src/api/chat-request.ts';
import { approvalMessages } from '../../../src/approvals/messages.ts';
import { dtmdLink, renderDryRun, renderRequestCreated } from '../../../src/approvals/render-request.ts';
import { formatMessage, LOCALES, mergeCatalogs } from '../../../src/i18n/catalog.ts';

const catalog = mergeCatalogs(actionMessages, previewMessages, approvalMessages);

const request: ChatRequest = {
  apiVersion: 'kubetalk.io/v1alpha1',
  kind: 'ChatRequest',
  metadata: { name: 'req-k7q4mx', namespace: 'shop', creationTimestamp: '2026-12-05T10:00:00Z' },
  spec: {
    command: { name: 'scale-web', uid: 'u1' },
    requester: { id: 'alice01', name: 'Alice', isAdmin: false },
    conversation: { id: 'G1', type: 'group' },
    text: 'scale web 0',
    action: 'scale',
    target: { kind: 'Deployment', name: 'web' },
    mode: 'Approval',
    required: 2,
    expiresAt: '2026-12-05T10:05:00Z',
    preview: {
      summary: 'would scale deployment/web in shop: 2 → 0',
      changes: ['spec.replicas: 2 → 0'],
      observed: { uid: 'd1', generation: 3 },
    },
  },
  status: { state: 'Pending' },
};
const policy: Approval = {
  approvers: { users: ['bob01', 'carol01'], admins: true },
  required: 2,
  timeoutSeconds: 300,
  sameConversation: false,
};

describe('rendering (golden)', () => {
  it('renders previews and requests in both locales', async () => {
    const out: string[] = [];
    for (const locale of LOCALES) {
      const t = (m: { key: string; params?: Readonly<Record<string, string | number>> }): string =>
        formatMessage(catalog, locale, m);
      const preview = {
        summary: {
          key: 'preview.undo',
          params: { kind: 'deployment', name: 'web', namespace: 'shop', revision: 1 },
        },
        changes: ['spec.template.spec.containers[app].image: "web:2" → "web:1"'],
        observed: { uid: 'd1', generation: 4 },
      };
      const dry = renderDryRun(preview, t, 'alice01', false);
      const created = renderRequestCreated(request, policy, t);
      const confirm = renderRequestCreated(
        { ...request, spec: { ...request.spec, mode: 'Confirm', required: 1 } },
        { confirm: true, required: 1, timeoutSeconds: 300, sameConversation: false },
        t,
      );
      for (const [name, r] of [
        ['dry run', dry],
        ['approval request', created],
        ['confirmation request', confirm],
      ] as const) {
        out.push(
          `## ${locale}: ${name}`,
          '',
          `title: ${r.title}`,
          `mentions: ${r.mentionUserIds.join(', ')}`,
          '',
          r.markdown,
          '',
        );
      }
    }
    await expect(out.join('\n')).toMatchFileSnapshot('../../golden/approvals/replies.md');
  });

  it('builds dtmd links whose content is the URL-encoded command', () => {
    expect(dtmdLink('同意', 'approve K7Q4MX')).toBe(
      '[同意](dtmd://dingtalkclient/sendMessage?content=approve%20K7Q4MX)',
    );
  });
});

describe('diffObjects', () => {
  it('names array items by their name and shows added and removed leaves', () => {
    const before = {
      spec: {
        replicas: 2,
        template: {
          spec: {
            containers: [
              { name: 'app', image: 'a:1' },
              { name: 'side', image: 's:1' },
            ],
          },
        },
      },
    };
    const after = {
      spec: {
        replicas: 2,
        paused: true,
        template: {
          metadata: { annotations: { r: 'now' } },
          spec: { containers: [{ name: 'app', image: 'a:2' }] },
        },
      },
    };
    expect(diffObjects(before, after, ['spec'])).toEqual([
      'spec.paused: (none) → true',
      'spec.template.metadata.annotations.r: (none) → "now"',
      'spec.template.spec.containers[app].image: "a:1" → "a:2"',
      'spec.template.spec.containers[side].image: "s:1" → (none)',
      'spec.template.spec.containers[side].name: "side" → (none)',
    ]);
  });

  it('says nothing when nothing differs, and caps long lists', () => {
    expect(diffObjects({ spec: { a: 1 } }, { spec: { a: 1 } }, ['spec'])).toEqual([]);
    const many = Object.fromEntries(
      Array.from({ length: 30 }, (_, i) => [`k${String(i).padStart(2, '0')}`, i]),
    );
    const lines = diffObjects({ spec: {} }, { spec: many }, ['spec'], 5);
    expect(lines).toHaveLength(5);
    expect(lines[4]).toBe('… and 26 more');
  });
});
