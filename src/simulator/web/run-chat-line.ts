// One line typed in the browser chat: the chat's own commands (/help, /as, /quit…) answer as notices; anything else
// is sent to kubetalk as the current identity, with a notice explaining a reply that never comes.
import type { ChatClient } from '../chat-client.ts';
import { explainMissingReply, SimulatorError } from '../explain-delivery.ts';
import { clock } from './reply-event.ts';
import type { WebChatEvent, WebChatOptions } from './web-chat-types.ts';

export interface ChatLineContext {
  readonly client: ChatClient;
  readonly options: Pick<WebChatOptions, 'parseLine' | 'help' | 'timeoutMs'>;
  readonly publish: (event: WebChatEvent) => void;
  readonly identityEvent: () => WebChatEvent;
}

/** Undefined when the line was taken; the error's text when the message could not be sent (a 502 for the page). */
export async function runChatLine(text: string, ctx: ChatLineContext): Promise<string | undefined> {
  const { client, options, publish } = ctx;
  const meta = options.parseLine(text, client.identity);
  if (meta.kind === 'quit') {
    publish({
      kind: 'notice',
      level: 'info',
      text: 'close the tab, or press Ctrl-C where kubetalk chat runs',
    });
  } else if (meta.kind === 'help') publish({ kind: 'notice', level: 'info', text: options.help.join('\n') });
  else if (meta.kind === 'error') publish({ kind: 'notice', level: 'error', text: meta.message });
  else if (meta.kind === 'identity') {
    client.setIdentity(meta.identity);
    publish(ctx.identityEvent());
    publish({ kind: 'notice', level: 'info', text: meta.note });
  } else {
    publish({ kind: 'sent', text: meta.text, name: client.identity.name, time: clock(Date.now()) });
    try {
      const sent = await client.send(meta.text);
      void client.waitForReplies(sent, 1, options.timeoutMs).catch(() =>
        publish({
          kind: 'notice',
          level: 'error',
          text: explainMissingReply(client.requestsFor(sent), client.webhookHost, options.timeoutMs / 1000),
        }),
      );
    } catch (err) {
      if (!(err instanceof SimulatorError)) throw err;
      publish({ kind: 'notice', level: 'error', text: err.message });
      return err.message;
    }
  }
  return undefined;
}
