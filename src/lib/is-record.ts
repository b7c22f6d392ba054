// The one guard for "a plain JSON object" used when reading untrusted input and library errors.

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
