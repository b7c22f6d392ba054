// How the shipped controller's Node runs: the V8 flag and allocator setting the image's ENTRYPOINT and ENV carry,
// so the e2e suite and the benchmarks run the controller exactly as the image does (a unit test pins the Dockerfile).

/**
 * A 1 MiB young generation (V8's default grows to 16 MiB per semi-space): the controller's garbage is small and
 * short-lived, and the default's unused semi-space pages stay resident. Measured: idle with 100 ChatCommands
 * 110 → 97 MiB together with the allocator setting, 10,000 commands 200–284 → ~162 MiB at ready; verified
 * callbacks at full load ~20 % slower (more scavenges). docs/benchmarks.md, Issue 16.
 */
export const NODE_FLAGS: readonly string[] = ['--max-semi-space-size=1'];

/** glibc's malloc makes an arena per thread that allocates (libuv's pool, V8's workers); two keep fragmentation down. */
export const RUNTIME_ENV: Readonly<Record<string, string>> = { MALLOC_ARENA_MAX: '2' };
