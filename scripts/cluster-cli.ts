// `npm run cluster:up|down|status`: a local control plane for development, kept running between commands.
import { createControlPlane, defaultStateDir, readClusterState } from '../tools/local-cluster/index.ts';

const log = (line: string): void => console.error(`[cluster] ${line}`);

async function main(cmd: string | undefined): Promise<number> {
  const stateDir = defaultStateDir();
  switch (cmd) {
    case 'up': {
      const cp = await createControlPlane(stateDir, log);
      const s = await cp.start();
      console.log(`export KUBECONFIG=${s.kubeconfig}`);
      return 0;
    }
    case 'down': {
      if (!readClusterState(stateDir)) {
        log('no cluster state; nothing to stop');
        return 0;
      }
      const cp = await createControlPlane(stateDir, log);
      await cp.stop(process.argv.includes('--keep'));
      log('stopped');
      return 0;
    }
    case 'status': {
      const s = readClusterState(stateDir);
      if (!s) {
        log('not running (no state); start it with: npm run cluster:up');
        return 1;
      }
      const cp = await createControlPlane(stateDir, log);
      const running = cp.running();
      for (const [name, up] of Object.entries(running)) console.log(`${up ? 'running' : 'stopped'}  ${name}`);
      console.log(`kubeconfig  ${s.kubeconfig}\nserver      ${s.server}`);
      return Object.values(running).every(Boolean) ? 0 : 1;
    }
    default:
      console.error('usage: cluster-cli.ts up | down [--keep] | status');
      return 2;
  }
}

main(process.argv[2]).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
