// Turns a refused or unreachable callback, or a missing reply, into a sentence that says what to fix.
import type { RecordedRequest } from './dingtalk/index.ts';

/** A problem of the simulated conversation itself (not of a command): the CLI prints it and exits 2. */
export class SimulatorError extends Error {
  override readonly name = 'SimulatorError';
}

export function explainUnreachable(url: string, err: unknown): string {
  const cause = err instanceof Error && err.cause instanceof Error ? err.cause : err;
  const code = (cause as NodeJS.ErrnoException | undefined)?.code;
  const detail = code ?? (cause instanceof Error ? cause.message : String(cause));
  return `cannot reach kubetalk at ${url} (${detail}). Is the controller running (npm run demo, ./dev run local or kubetalk run), and is --url right?`;
}

export function explainRejection(status: number, body: string): string {
  const said = body.trim() === '' ? '' : `: ${body.trim().slice(0, 200)}`;
  switch (status) {
    case 401:
      return (
        `kubetalk refused the signature (401${said}). The --secret (or KUBETALK_DINGTALK_APP_SECRET) must equal ` +
        `the controller's KUBETALK_DINGTALK_APP_SECRET, and this machine's clock must be within the signature ` +
        `window of the controller's (300 s by default). Compare with: kubetalk sign --secret …. Every 401 looks ` +
        `the same; the controller's log line "callback rejected" says which check failed (with ` +
        `KUBETALK_DINGTALK_CORP_ID or KUBETALK_DINGTALK_ROBOT_CODE set, the body's corp and robot must match too)`
      );
    case 413:
      return `the message is larger than the controller's KUBETALK_MAX_BODY_BYTES (413${said})`;
    case 415:
    case 400:
      return `kubetalk refused the callback body (${status}${said}); this is a bug in the simulator, please report it`;
    case 404:
      return `nothing answers at this URL (404): the callback path is /callbacks/dingtalk`;
    case 503:
      return `kubetalk is not ready yet or shutting down (503${said}); try again in a moment`;
    default:
      return `kubetalk answered HTTP ${status}${said}`;
  }
}

/** Why no reply arrived, judged from what reached the local sessionWebhook. */
export function explainMissingReply(
  requests: readonly RecordedRequest[],
  webhookHost: string,
  timeoutSeconds: number,
): string {
  const refused = requests.find((r) => r.errcode !== undefined && r.errcode !== 0);
  if (refused) {
    return `kubetalk replied but the sessionWebhook refused it (errcode ${refused.errcode}); no reply within ${timeoutSeconds} s`;
  }
  return (
    `no reply within ${timeoutSeconds} s. If kubetalk is running, it may not be allowed to post replies here: ` +
    `start it with KUBETALK_REPLY_ALLOWED_HOSTS including ${webhookHost} and KUBETALK_REPLY_ALLOW_INSECURE_HTTP=true ` +
    `(otherwise its log says "reply not delivered", reason "refused: host-not-allowed"). A slow action may also need a longer --timeout.`
  );
}
