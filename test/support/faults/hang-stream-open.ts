// Preloaded into a controller process (`node --import`) by e2e tests: the Stream gateway's "open connection" call
// never settles and ignores its AbortSignal — the kind of bug a deadline cannot cure, which only a restart does.
const realFetch = globalThis.fetch;
globalThis.fetch = (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  if (url.includes('/v1.0/gateway/connections/open')) return new Promise<Response>(() => undefined);
  return realFetch(input, init);
};
