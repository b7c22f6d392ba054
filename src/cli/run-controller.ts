// `kubetalk run`: load configuration, start the controller, stop gracefully on SIGTERM/SIGINT.
import { startKubetalk } from '../app/start-kubetalk.ts';
import { loadConfig } from '../config/load.ts';
import { ConfigError } from '../config/schema.ts';
import { createLogger } from '../log/logger.ts';

/** Resolves with the process exit code once the controller has stopped. */
export async function runController(): Promise<number> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`kubetalk: ${err.message}\nSee the configuration table in the README.\n`);
      return 2;
    }
    throw err;
  }
  const log = createLogger({ level: config.logLevel, base: { app: 'kubetalk' } });
  process.on('unhandledRejection', (err) => log.error('unhandled rejection', { err }));
  const app = await startKubetalk(config, log);
  return await new Promise<number>((resolve) => {
    let stopping = false;
    const shutdown = (signal: string): void => {
      if (stopping) return;
      stopping = true;
      log.info('signal received', { signal });
      app.stop().then(
        () => resolve(0),
        (err: unknown) => {
          log.error('shutdown failed', { err });
          resolve(1);
        },
      );
    };
    process.on('SIGTERM', () => shutdown('SIGTERM'));
    process.on('SIGINT', () => shutdown('SIGINT'));
  });
}
