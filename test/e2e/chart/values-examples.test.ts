// Every documented values example lints and renders; every setting is a value; NOTES fit the chosen mode.
import { cpSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../../tools/local-cluster/index.ts';
import { CHART_DIR, helm, helmBinary, renderChart, type Manifest } from '../../support/helm.ts';

const skip = helmBinary() === undefined && process.env['CI'] !== 'true';
const EXAMPLES = join(CHART_DIR, 'examples');
const DOCS = ['README.md', 'README.zh-CN.md', 'charts/kubetalk/README.md', ...listDocs()];

function listDocs(): string[] {
  return readdirSync(join(repoRoot, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`);
}

/** ```yaml blocks whose first line is "# helm values…": what the docs offer as values files. */
function documentedValues(): { where: string; yaml: string }[] {
  const out: { where: string; yaml: string }[] = [];
  for (const doc of DOCS) {
    let text: string;
    try {
      text = readFileSync(join(repoRoot, doc), 'utf8');
    } catch {
      continue;
    }
    for (const m of text.matchAll(/^```ya?ml\n(# helm values[^\n]*\n[\s\S]*?)^```$/gm)) {
      out.push({ where: `${doc}: ${m[1]?.split('\n')[0] ?? ''}`, yaml: m[1] ?? '' });
    }
  }
  return out;
}

/** `helm install … charts/kubetalk …` lines of the docs' shell blocks, with their --set and -f arguments. */
function documentedInstalls(): { where: string; args: string[] }[] {
  const out: { where: string; args: string[] }[] = [];
  for (const doc of DOCS) {
    let text: string;
    try {
      text = readFileSync(join(repoRoot, doc), 'utf8');
    } catch {
      continue;
    }
    for (const block of text.matchAll(/^```bash\n([\s\S]*?)^```$/gm)) {
      const joined = (block[1] ?? '').replace(/\\\n\s*/g, ' ');
      for (const line of joined.split('\n').filter((l) => /^helm install \S+ charts\/kubetalk/.test(l))) {
        const args: string[] = [];
        for (const m of line.matchAll(/--set ([^\s=]+)=(?:'([^']*)'|"([^"]*)"|(\S+))/g)) {
          // Shell variables stand for the user's values: any non-empty text renders the same.
          const value = (m[2] ?? m[3] ?? m[4] ?? '').replace(/\$\w+/g, 'x');
          args.push('--set', `${m[1] ?? ''}=${value}`);
        }
        for (const m of line.matchAll(/ -f (\S+)/g)) {
          const file = m[1] ?? '';
          if (!file.startsWith('charts/')) continue; // the user's own file: its content is a values block above
          args.push('-f', join(repoRoot, file));
        }
        out.push({ where: `${doc}: ${line.slice(0, 60)}…`, args });
      }
    }
  }
  return out;
}

const work = mkdtempSync(join(tmpdir(), 'kubetalk-values-'));
const envOf = (ms: Manifest[]): Record<string, string> => {
  const deploy = ms.find((m) => m.kind === 'Deployment') as unknown as {
    spec: { template: { spec: { containers: { env: { name: string; value?: string }[] }[] } } };
  };
  return Object.fromEntries(
    (deploy.spec.template.spec.containers[0]?.env ?? []).map((e) => [e.name, e.value ?? '']),
  );
};

describe.skipIf(skip)('documented chart values', () => {
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  const files = readdirSync(EXAMPLES).filter((f) => f.endsWith('.yaml'));
  const blocks = documentedValues();

  it('has examples, and the docs show values blocks', () => {
    expect(files.length).toBeGreaterThanOrEqual(4);
    expect(blocks.length).toBeGreaterThan(0);
  });

  it.each(files)('examples/%s passes helm lint and renders', (file) => {
    const path = join(EXAMPLES, file);
    expect(helm(['lint', CHART_DIR, '-f', path])).toMatch(/0 chart\(s\) failed/);
    expect(helm(['template', 'kt', CHART_DIR, '-n', 'kubetalk-system', '-f', path])).toContain(
      'kind: Deployment',
    );
  });

  it.each(blocks.map((b, i) => [b.where, i] as const))('%s passes helm lint and renders', (_where, i) => {
    const path = join(work, `doc-${i}.yaml`);
    writeFileSync(path, blocks[i]?.yaml ?? '');
    expect(helm(['lint', CHART_DIR, '-f', path])).toMatch(/0 chart\(s\) failed/);
    expect(helm(['template', 'kt', CHART_DIR, '-n', 'kubetalk-system', '-f', path])).toContain(
      'kind: Deployment',
    );
  });

  it.each(documentedInstalls().map((c) => [c.where, c.args] as const))(
    '%s renders and lints',
    (_where, args) => {
      expect(helm(['lint', CHART_DIR, ...args])).toMatch(/0 chart\(s\) failed/);
      expect(helm(['template', 'kt', CHART_DIR, '-n', 'kubetalk-system', ...args])).toContain(
        'kind: Deployment',
      );
    },
  );

  it('turns each tuning value into its variable, and refuses a wrong type before rendering', () => {
    const env = envOf(
      renderChart([
        'config.rateLimitUserPerMinute=5',
        'config.rateLimitConversationPerMinute=7',
        'config.maxConcurrentActions=3',
        'config.dedupeTtlSeconds=900',
        'config.leaseDurationSeconds=20',
        'config.claimTtlSeconds=5000',
        'config.watchTimeoutSeconds=90',
        'config.coordinationNamespace=kt-coord',
        'config.webhookAllowedHosts={jenkins.example.com,*.ci.example.com}',
        'config.webhookAllowAddresses={cluster}',
      ]),
    );
    expect(env).toMatchObject({
      KUBETALK_RATE_LIMIT_USER_PER_MINUTE: '5',
      KUBETALK_RATE_LIMIT_CONVERSATION_PER_MINUTE: '7',
      KUBETALK_MAX_CONCURRENT_ACTIONS: '3',
      KUBETALK_DEDUPE_TTL_SECONDS: '900',
      KUBETALK_LEASE_DURATION_SECONDS: '20',
      KUBETALK_CLAIM_TTL_SECONDS: '5000',
      KUBETALK_WATCH_TIMEOUT_SECONDS: '90',
      KUBETALK_COORDINATION_NAMESPACE: 'kt-coord',
      KUBETALK_WEBHOOK_ALLOWED_HOSTS: 'jenkins.example.com,*.ci.example.com',
      KUBETALK_WEBHOOK_ALLOW_ADDRESSES: 'cluster',
    });
    expect(() => renderChart(['config.rateLimitUserPerMinute=abc'])).toThrow(/rateLimitUserPerMinute/);
    expect(() => renderChart(['config.webhookAllowAddresses={everywhere}'])).toThrow(/webhookAllowAddresses/);
    expect(() => renderChart(['config.noSuchSetting=1'])).toThrow(/noSuchSetting|additional/i);
  });

  it('moves the coordination Role to config.coordinationNamespace', () => {
    const roles = renderChart(['config.coordinationNamespace=kt-coord']).filter(
      (m) => m.metadata.name === 'kt-kubetalk-coordination',
    );
    expect(roles.map((m) => m.metadata.namespace)).toEqual(['kt-coord', 'kt-coord']);
  });

  it('renders an Ingress tls block from ingress.tls', () => {
    const ingress = renderChart([
      'ingress.enabled=true',
      'ingress.host=kt.example.com',
      'ingress.tls[0].secretName=kt-tls',
    ]).find((m) => m.kind === 'Ingress');
    expect(ingress?.['spec']).toMatchObject({ tls: [{ secretName: 'kt-tls', hosts: ['kt.example.com'] }] });
  });

  it('writes NOTES that fit the chosen mode', () => {
    const notes = (sets: string[]): string => renderNotes(sets);
    const stream = notes(['dingtalk.mode=stream', 'dingtalk.clientId=dingabc']);
    expect(stream).toContain('Works with Kubernetes >=1.30.0-0 and a DingTalk enterprise-internal app');
    expect(stream).toContain('Stream 模式');
    expect(stream).not.toContain('消息接收地址');
    const http = notes(['ingress.enabled=true', 'ingress.host=kt.example.com']);
    expect(http).toContain('https://kt.example.com/callbacks/dingtalk');
    expect(http).toContain('The Ingress has no tls block');
    expect(http).toContain('ICP');
    expect(http).not.toContain('Stream 模式');
    const tls = notes(['ingress.enabled=true', 'ingress.host=kt.example.com', 'ingress.tls[0].secretName=x']);
    expect(tls).not.toContain('no tls block');
    const both = notes(['dingtalk.mode=both', 'dingtalk.clientId=dingabc', 'runner.namespaces={shop}']);
    expect(both).toContain('1a. Stream');
    expect(both).toContain('1b. HTTP');
    expect(both).toContain('This release created one in: shop (they had to exist before the install)');
  });
});

/** `helm template` renders no NOTES.txt, so a copy of the chart renders it as a template of its own. */
function renderNotes(sets: readonly string[]): string {
  const copy = mkdtempSync(join(work, 'chart-'));
  cpSync(CHART_DIR, copy, { recursive: true });
  renameSync(join(copy, 'templates', 'NOTES.txt'), join(copy, 'notes.txt'));
  // Wrapped as a ConfigMap's data so the YAML parser accepts the free text.
  writeFileSync(
    join(copy, 'templates', 'notes.yaml'),
    `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: notes }\ndata:\n  notes: |\n{{ tpl (.Files.Get "notes.txt") . | indent 4 }}\n`,
  );
  const out = helm([
    'template',
    'kt',
    copy,
    '--show-only',
    'templates/notes.yaml',
    ...sets.flatMap((s) => ['--set', s]),
  ]);
  return out;
}
