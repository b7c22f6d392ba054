// How the shipped controller's Node runs: the V8 flags and allocator setting the image's ENTRYPOINT and ENV carry,
// so the e2e suite and the benchmarks run the controller exactly as the image does (a unit test pins the Dockerfile).

/**
 * A 1 MiB young generation (V8's default grows to 16 MiB per semi-space): the controller's garbage is small and
 * short-lived, and the default's unused semi-space pages stay resident. Measured: idle with 100 ChatCommands
 * 110 → 97 MiB together with the allocator setting, 10,000 commands 200–284 → ~162 MiB at ready; verified
 * callbacks at full load ~20 % slower (more scavenges). docs/benchmarks.md, Issue 16.
 */
const SMALL_YOUNG_GENERATION = '--max-semi-space-size=1';

/**
 * The old generation may grow to 1.5× what the last full GC kept (V8 picks up to 4× on its own). The small young
 * generation promotes much short-lived garbage, and V8's lazy limit let it pile up: with 10,000 commands the first
 * status pass (8,000 writes) took RSS from 134 to 241–270 MiB with ~50 MiB live. Measured, one process each: peak
 * 241 → 169 MiB; ~19 full GCs instead of 6 in that minute (≈ 160 ms of pauses in all); idle within its spread; the
 * verified-callback flood ~10 % slower (more full GCs). docs/benchmarks.md, Issue 16, fourth pass.
 */
const HEAP_GROWING = '--heap-growing-percent=50';

export const NODE_FLAGS: readonly string[] = [SMALL_YOUNG_GENERATION, HEAP_GROWING];

/** glibc's malloc makes an arena per thread that allocates (libuv's pool, V8's workers); two keep fragmentation down. */
export const RUNTIME_ENV: Readonly<Record<string, string>> = { MALLOC_ARENA_MAX: '2' };
