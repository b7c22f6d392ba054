// The port every inbound path hands verified messages to (the dispatcher implements it).
import type { UserMessage } from '../../errors.ts';
import type { InboundMessage } from './chat.ts';

/** 'run' handles the message; 'skip' drops it silently; a UserMessage is sent as the reply instead of running. */
export type AdmitVerdict = 'run' | 'skip' | UserMessage;

export interface MessageHandler {
  /**
   * Starts handling a verified message; never throws, never rejects. `admit`, when given, runs first and inside
   * the tracked work (so shutdown waits for it).
   */
  handle(msg: InboundMessage, admit?: () => Promise<AdmitVerdict>): void;
}
