// What the custom robot double is given, what it answers with, and what it lets a test see.
import { WEBHOOK_ERRCODE } from './validate-outgoing-message.ts';

export const ROBOT_ERRCODE = {
  ok: 0,
  tokenNotExist: 300001,
  security: 310000,
  sendTooFast: WEBHOOK_ERRCODE.sendTooFast,
  messageTooLong: WEBHOOK_ERRCODE.messageTooLong,
} as const;

export interface RobotSpec {
  readonly accessToken: string;
  /** 加签 secret (SEC…); undefined = the robot uses another security setting and needs no sign. */
  readonly secret?: string;
}

export interface RobotMessage {
  readonly accessToken: string;
  readonly msgtype: string;
  readonly title: string;
  readonly text: string;
  readonly atUserIds: readonly string[];
  readonly at: number;
}

export interface RobotAnswer {
  readonly accessToken: string;
  readonly errcode: number;
  readonly errmsg: string;
  readonly bytes: number;
}

export interface CustomRobotServerOptions {
  readonly robots: readonly RobotSpec[];
  /** Messages a robot may receive per rolling minute (DingTalk: 20). */
  readonly perMinute?: number;
  /** How long a robot stays blocked after exceeding it (DingTalk: 10 minutes). */
  readonly blockMs?: number;
  readonly now?: () => number;
}

export interface CustomRobotServer {
  readonly baseUrl: string;
  readonly host: string;
  /** The webhook URL of a robot, as DingTalk shows it when the robot is created. */
  urlOf(accessToken: string): string;
  /** The next `n` sends answer `errcode` (e.g. 130101) whatever they carry. */
  failNext(n: number, errcode?: number): void;
  messages(accessToken?: string): RobotMessage[];
  answers(): RobotAnswer[];
  waitForMessages(n: number, opts?: { accessToken?: string; timeoutMs?: number }): Promise<RobotMessage[]>;
  close(): Promise<void>;
}
