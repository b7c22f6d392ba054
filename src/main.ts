// Process entry: load configuration, start kubetalk, stop gracefully on SIGTERM/SIGINT.
import { ConfigError } from './config/schema.ts';
import { loadConfig } from './config/load.ts';
import { startKubetalk } from './app/start-kubetalk.ts';
import { createLogger } from './log/logger.ts';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`kubetalk: ${err.message}\nSee the configuration table in the README.\n`);
      process.exit(2);
    }
    throw err;
  }
  const log = createLogger({ level: config.logLevel, base: { app: 'kubetalk' } });
  process.on('unhandledRejection', (err) => log.error('unhandled rejection', { err }));
  const app = await startKubetalk(config, log);
  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    log.info('signal received', { signal });
    app.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error('shutdown failed', { err });
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  process.stderr.write(`kubetalk: failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
