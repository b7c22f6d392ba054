// The browser chat's Server-Sent Events feed: every event numbered and kept (the last 500), so a page that
// reconnects gets the history again and skips what it has; a run id tells a page the simulator restarted.
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { WebChatEvent } from './web-chat-types.ts';

/** Events carry a sequence number: a page that reconnects gets the history again and skips what it has. */
interface Sequenced {
  readonly seq: number;
  readonly event: WebChatEvent;
}

const HISTORY = 500;

export interface EventFeed {
  publish(event: WebChatEvent): void;
  /** Answers GET /api/events: the history, then every new event until the page goes. */
  open(res: ServerResponse): void;
  close(): void;
}

export function createEventFeed(): EventFeed {
  const history: Sequenced[] = [];
  const feeds = new Set<ServerResponse>();
  let seq = 0;
  // Tells a page that stayed open across a restart of the simulator to start over.
  const run = randomUUID();
  return {
    publish(event) {
      seq += 1;
      const entry = { seq, event };
      history.push(entry);
      if (history.length > HISTORY) history.shift();
      for (const res of feeds) writeEvent(res, entry, run);
    },
    open(res) {
      res.writeHead(200, {
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
      });
      for (const entry of history) writeEvent(res, entry, run);
      feeds.add(res);
      res.on('close', () => feeds.delete(res));
    },
    close() {
      for (const res of feeds) res.end();
    },
  };
}

function writeEvent(res: ServerResponse, entry: Sequenced, run: string): void {
  // JSON never contains a raw newline, so one data line per event is enough.
  res.write(`data: ${JSON.stringify({ run, seq: entry.seq, ...entry.event })}\n\n`);
}
