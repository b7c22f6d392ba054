// The DingTalk test double: the simulator's double (src/simulator/dingtalk) plus test-only forgers and a fake clock.
export * from '../../../src/simulator/dingtalk/index.ts';
export {
  replayCallback,
  sendCallbackWithoutHeaders,
  sendCallbackWithWrongSecret,
  sendFutureCallback,
  sendRawCallback,
  sendStaleCallback,
} from './forge-callback.ts';
export { createFakeClock } from './fake-clock.ts';
export type { FakeClock } from './fake-clock.ts';
