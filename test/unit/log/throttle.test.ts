import { describe, expect, it } from 'vitest';
import { createLogThrottle } from '../../../src/log/throttle.ts';

describe('log throttle', () => {
  it('lets one line per key and interval through, and says how many it held back', () => {
    let t = 0;
    const th = createLogThrottle(1000, () => t);
    expect(th.admit('401 bad-signature')).toEqual({ suppressed: 0 });
    expect(th.admit('401 bad-signature')).toBeUndefined();
    expect(th.admit('401 bad-signature')).toBeUndefined();
    expect(th.admit('400 bad json')).toEqual({ suppressed: 0 });
    t = 1000;
    expect(th.admit('401 bad-signature')).toEqual({ suppressed: 2 });
  });
});
