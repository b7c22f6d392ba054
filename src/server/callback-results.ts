// How an inbound HTTP callback was answered, as metric label values: the same names for every platform's route.

export const CALLBACK_RESULTS = [
  'accepted',
  'duplicate',
  'replayed',
  'unauthorized',
  'bad_request',
  'too_large',
  'unsupported_media_type',
  'unavailable',
] as const;

export type CallbackResult = (typeof CALLBACK_RESULTS)[number];

const RESULT_BY_STATUS: Readonly<Record<number, CallbackResult>> = {
  400: 'bad_request',
  401: 'unauthorized',
  413: 'too_large',
  415: 'unsupported_media_type',
  503: 'unavailable',
};

export function resultForStatus(status: number): CallbackResult {
  return RESULT_BY_STATUS[status] ?? 'bad_request';
}
