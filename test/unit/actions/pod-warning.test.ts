import type { V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { findPodWarning } from '../../../src/actions/pod-warning.ts';

const waiting = (reason: string, message?: string): V1Pod => ({
  status: {
    containerStatuses: [
      {
        name: 'app',
        image: 'i',
        imageID: '',
        ready: false,
        restartCount: 0,
        state: { waiting: { reason, ...(message ? { message } : {}) } },
      },
    ],
  },
});

describe('findPodWarning (kubectl rollout status hints)', () => {
  it('reports unschedulable pods with the scheduler’s message', () => {
    const pod: V1Pod = {
      status: {
        conditions: [
          {
            type: 'PodScheduled',
            status: 'False',
            reason: 'Unschedulable',
            message: '0/2 nodes are available',
          },
        ],
      },
    };
    expect(findPodWarning([pod])).toBe('0/2 nodes are available');
  });

  it('reports containers stuck on images, crashes or config', () => {
    expect(findPodWarning([waiting('ImagePullBackOff', 'Back-off pulling image "x"')])).toBe(
      'ImagePullBackOff - Back-off pulling image "x"',
    );
    expect(findPodWarning([waiting('CrashLoopBackOff')])).toBe('CrashLoopBackOff');
  });

  it('ignores ordinary waiting and healthy pods', () => {
    expect(findPodWarning([waiting('ContainerCreating'), { status: { phase: 'Running' } }])).toBeUndefined();
    expect(findPodWarning([])).toBeUndefined();
  });
});
