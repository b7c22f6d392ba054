// The reply sender's transport: one JSON POST, answered with the status and the body text. Default: undici's
// request() over one keep-alive Agent, about a third of global fetch's CPU per reply (docs/benchmarks.md, issue 16).
import { Agent, request } from 'undici';

export interface PostJsonInit {
  readonly method: 'POST';
  readonly headers: Record<string, string>;
  readonly body: string;
  /** Never followed: a redirect would lead to a host that was never checked. */
  readonly redirect: 'manual';
  readonly signal: AbortSignal;
}

export interface PostJsonResponse {
  readonly status: number;
  text(): Promise<string>;
}

/** fetch fits this shape; tests inject fakes of it. */
export type PostJson = (url: string, init: PostJsonInit) => Promise<PostJsonResponse>;

let shared: Agent | undefined;

/** POSTs without following redirects (undici's request() never does); the signal bounds the whole exchange. */
export const postJson: PostJson = async (url, init) => {
  shared ??= new Agent({ keepAliveTimeout: 30_000 });
  const res = await request(url, {
    method: init.method,
    headers: init.headers,
    body: init.body,
    signal: init.signal,
    dispatcher: shared,
  });
  return { status: res.statusCode, text: () => res.body.text() };
};
