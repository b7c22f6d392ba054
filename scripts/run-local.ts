// `./dev run local`: the development control plane, the CRD, and kubetalk itself in the foreground.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createControlPlane, defaultStateDir, repoRoot } from '../tools/local-cluster/index.ts';

const log = (line: string): void => console.error(`[local] ${line}`);

const plane = await createControlPlane(defaultStateDir(), log);
const state = await plane.start();
plane.kubectl(['apply', '-f', join(repoRoot, 'crds')]);
plane.kubectl(['wait', '--for=condition=Established', 'crd/chatcommands.kubetalk.io', '--timeout=60s']);
log(`CRD installed; KUBECONFIG=${state.kubeconfig}`);
log(
  'starting kubetalk: callbacks on http://127.0.0.1:8080/callbacks/dingtalk, metrics on http://127.0.0.1:9090/metrics',
);
const child = spawn(process.execPath, ['--enable-source-maps', join(repoRoot, 'dist', 'main.js')], {
  stdio: 'inherit',
  env: {
    ...process.env,
    KUBECONFIG: state.kubeconfig,
    KUBETALK_DINGTALK_APP_SECRET: process.env['KUBETALK_DINGTALK_APP_SECRET'] ?? 'dev-secret',
    KUBETALK_BIND_ADDRESS: '127.0.0.1',
    // `kubetalk chat` / `say` host their sessionWebhook on 127.0.0.1:8088 over http by default.
    KUBETALK_REPLY_ALLOWED_HOSTS:
      process.env['KUBETALK_REPLY_ALLOWED_HOSTS'] ?? 'oapi.dingtalk.com,127.0.0.1:8088',
    KUBETALK_REPLY_ALLOW_INSECURE_HTTP: 'true',
  },
});
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => child.kill('SIGTERM'));
child.on('exit', (code) => {
  log(`kubetalk exited (${code}); the control plane keeps running: ./dev run cluster:down stops it`);
  process.exit(code ?? 0);
});
