// Template equality as the API machinery judges it: wire JSON, with nil and empty maps/lists counted as the same.
import { isDeepStrictEqual } from 'node:util';

/** The JSON wire form of a client-node model: Dates become RFC 3339 strings and undefined fields disappear. */
export function toWireJson(value: unknown): unknown {
  return value === undefined ? undefined : (JSON.parse(JSON.stringify(value)) as unknown);
}

/** Drops nulls, empty objects and empty arrays recursively (apimachinery's Semantic.DeepEqual treats nil == empty). */
export function pruneEmpty(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(pruneEmpty);
    return items.length === 0 ? undefined : items;
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const p = pruneEmpty(v);
      if (p !== undefined) out[k] = p;
    }
    return Object.keys(out).length === 0 ? undefined : out;
  }
  return value === null ? undefined : value;
}

export function semanticEqual(a: unknown, b: unknown): boolean {
  return isDeepStrictEqual(pruneEmpty(toWireJson(a)), pruneEmpty(toWireJson(b)));
}
