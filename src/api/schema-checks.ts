// isRecord, for untrusted JSON. (The CRD checks that lived here are now read from the CRD itself: ./crd/.)

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
