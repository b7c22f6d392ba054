// The size a text takes inside a JSON string (UTF-8, after escaping): what chat platforms measure their limits in.

export function jsonStringBytes(s: string): number {
  return Buffer.byteLength(JSON.stringify(s), 'utf8') - 2;
}
