// An upstream frame as DingTalk's gateway accepts it: JSON with headers.messageId, contentType JSON, a known
// code, a message string and a JSON string as data. Anything else is a protocol error, recorded as malformed.

const ACK_CODES = new Set([200, 400, 404, 500]);

export interface AckFrame {
  readonly messageId: string;
  readonly code: number;
  readonly data: string;
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

export function parseAckFrame(text: string): AckFrame | undefined {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return undefined;
  }
  const f = v as Record<string, unknown>;
  const headers = f['headers'] as Record<string, unknown> | undefined;
  const messageId = headers?.['messageId'];
  const code = f['code'];
  const data = f['data'];
  const ok =
    typeof messageId === 'string' &&
    headers?.['contentType'] === 'application/json' &&
    typeof code === 'number' &&
    ACK_CODES.has(code) &&
    typeof f['message'] === 'string' &&
    typeof data === 'string' &&
    isJson(data);
  return ok ? { messageId, code, data } : undefined;
}
