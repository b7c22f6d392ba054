// The ActionEnv members added for day-2 actions, unused by the older action tests: each fails if it is called.
import type { BatchV1Api } from '@kubernetes/client-node';
import type { ActionEnv } from '../../../../src/actions/action-env.ts';

export const UNUSED_DAY2_ENV: Pick<ActionEnv, 'batch' | 'request' | 'followJob'> = {
  batch: {} as BatchV1Api,
  request: () => Promise.reject(new Error('not used')),
  followJob: () => Promise.reject(new Error('not used')),
};
