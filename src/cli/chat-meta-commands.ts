// The simulator's own commands in `chat` (lines starting with "/"), as opposed to messages sent to kubetalk.
import type { ChatLine } from '../simulator/chat-line.ts';
import type { ChatIdentity } from '../simulator/identity.ts';

/** A typed line's meaning; the browser chat takes the same grammar. */
export type MetaCommand = ChatLine;

export const META_HELP = [
  'Simulator commands (everything else is sent to kubetalk):',
  '  /as STAFFID [NAME]   type as another user (NAME defaults to the id); /as alone shows who you are',
  '  /admin on|off        be a group admin or not (allow.admins: true needs it)',
  '  /help                this list; "help" without the slash asks kubetalk what you may run',
  '  /quit                leave (Ctrl-D too)',
  '  //text               send "/text" to kubetalk',
];

/** Decides what a typed line means; plain text and "//…" are messages. */
export function parseMetaCommand(line: string, identity: ChatIdentity): MetaCommand {
  if (!line.startsWith('/')) return { kind: 'send', text: line };
  if (line.startsWith('//')) return { kind: 'send', text: line.slice(1) };
  const [command = '', ...args] = line.slice(1).trim().split(/\s+/);
  switch (command.toLowerCase()) {
    case 'quit':
    case 'exit':
    case 'q':
      return { kind: 'quit' };
    case 'help':
    case '?':
      return { kind: 'help' };
    case 'as': {
      const [staffId, ...name] = args;
      if (staffId === undefined || staffId === '') {
        return { kind: 'identity', identity, note: describeIdentity(identity) };
      }
      if (!/^[!-~]+$/.test(staffId))
        return { kind: 'error', message: `not a DingTalk staff id: "${staffId}"` };
      const next = { ...identity, staffId, name: name.length > 0 ? name.join(' ') : staffId, isAdmin: false };
      return { kind: 'identity', identity: next, note: `now typing as ${describeIdentity(next)}` };
    }
    case 'admin': {
      const value = args[0]?.toLowerCase();
      if (value !== 'on' && value !== 'off') return { kind: 'error', message: 'usage: /admin on|off' };
      const next = { ...identity, isAdmin: value === 'on' };
      return { kind: 'identity', identity: next, note: describeIdentity(next) };
    }
    default:
      return {
        kind: 'error',
        message: `unknown simulator command "/${command}" (/help lists them; //${command} sends it to kubetalk)`,
      };
  }
}

export function describeIdentity(identity: ChatIdentity): string {
  const where = identity.direct
    ? `direct chat ${identity.conversationId}`
    : `group ${identity.conversationId}`;
  return `${identity.name} (staff id ${identity.staffId}${identity.isAdmin ? ', group admin' : ''}) in ${where}`;
}
