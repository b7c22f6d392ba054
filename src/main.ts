// Process entry of the container and of `npm start`: the same as `kubetalk run`.
import { runController } from './cli/run-controller.ts';

runController().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`kubetalk: failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
