// The reply sink as its own process (prints `{"host": …}` once listening), so its work stays off the load
// generator's event loop during throughput runs.
import { startReplySink } from './reply-sink.ts';

const sink = await startReplySink();
process.stdout.write(`${JSON.stringify({ host: sink.host })}\n`);
process.on('SIGTERM', () => {
  void sink.close().then(() => process.exit(0));
});
