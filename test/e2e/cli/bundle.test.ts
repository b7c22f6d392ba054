// The bundle stands alone: copied away from node_modules (as into the image), the CLI and controller entry points
// still load every dependency, and stack traces point into src/ through the source maps.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { staticChunkClosure } from '../../../scripts/bundle-closure.ts';
import { repoRoot } from '../../../tools/local-cluster/index.ts';

const dist = join(repoRoot, 'dist');

/** `entry` and every chunk it imports statically, transitively: what loads before any dynamic import(). */
const staticClosure = (entry: string): string[] => staticChunkClosure(entry).map((f) => basename(f));

/** dist/ minus tsc's unbundled output, in a folder with no node_modules above it. */
function copyBundle(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kubetalk-bundle-'));
  for (const entry of ['main.js', 'main.js.map', 'package.json', 'cli', 'chunks']) {
    cpSync(join(dist, entry), join(dir, entry), { recursive: true });
  }
  return dir;
}

const run = (args: readonly string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, ['--enable-source-maps', ...args], {
    encoding: 'utf8',
    env: { PATH: process.env['PATH'] ?? '', ...env },
    timeout: 60_000,
  });

describe('the bundle', () => {
  it('is what dist/main.js and dist/cli/main.js are: minified ESM importing shared chunks, with source maps', () => {
    const cli = readFileSync(join(dist, 'cli', 'main.js'), 'utf8');
    expect(cli.startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(cli).toMatch(/from"\.\.\/chunks\/chunk-[A-Z0-9]+\.js"/);
    expect(existsSync(join(dist, 'cli', 'main.js.map'))).toBe(true);
    const chunks = readdirSync(join(dist, 'chunks')).filter((f) => f.endsWith('.js'));
    const sourcesOf = (chunk: string): string[] =>
      (JSON.parse(readFileSync(join(dist, 'chunks', `${chunk}.map`), 'utf8')) as { sources: string[] })
        .sources;
    for (const chunk of chunks) expect(existsSync(join(dist, 'chunks', `${chunk}.map`)), chunk).toBe(true);
    expect(chunks.flatMap(sourcesOf)).toContain('../../src/controller/chat-command-controller.ts');
    // The controller never loads the CEL evaluator (validate is a lazily loaded chunk of the CLI).
    const loaded = staticClosure(join(dist, 'main.js'));
    expect(loaded.length).toBeGreaterThan(1);
    const loadedSources = loaded.flatMap(sourcesOf);
    expect(
      loadedSources.filter((f) => f.includes('cel-js') || f.includes('src/api/crd/evaluate-rules')),
    ).toEqual([]);
  });

  it('keeps optional parts out of what the controller loads at start: each is a chunk of its own, imported when used', () => {
    const chunks = readdirSync(join(dist, 'chunks')).filter((f) => f.endsWith('.js'));
    const sourcesOf = (chunk: string): string[] =>
      (JSON.parse(readFileSync(join(dist, 'chunks', `${chunk}.map`), 'utf8')) as { sources: string[] })
        .sources;
    const loadedSources = staticClosure(join(dist, 'main.js')).flatMap(sourcesOf);
    // Loaded by a dynamic import() only when configured (alerts, Stream, OpenAPI) or first used (approvals, diagnose).
    const lazy = [
      'src/app/start-alerts.ts',
      'src/controller/alert-route-controller.ts',
      'node_modules/re2js/',
      'src/app/start-approvals.ts',
      'src/approvals/request-store.ts',
      'src/platforms/dingtalk/stream/start-stream.ts',
      'src/platforms/dingtalk/stream/stream-client.ts',
      'src/platforms/dingtalk/openapi/openapi-sender.ts',
      'src/actions/diagnose/diagnose-workload.ts',
      // The slim undici entry (scripts/bundle.ts): undici's mocks and cache stores are not bundled at all.
      'node_modules/undici/lib/mock/',
      'node_modules/undici/lib/cache/',
    ];
    for (const part of lazy)
      expect(
        loadedSources.filter((f) => f.includes(part)),
        part,
      ).toEqual([]);
    // node:http only through require(): an ES import of it loads Node's own undici (scripts/bundle.ts).
    for (const chunk of staticClosure(join(dist, 'main.js')))
      expect(readFileSync(join(dist, 'chunks', chunk), 'utf8'), chunk).not.toMatch(/from\s*"(node:)?http"/);
    // The CLI loads each subcommand when it runs: `kubetalk run` (the image) never loads the simulator or web chat.
    const cliSources = readFileSync(join(dist, 'cli', 'main.js.map'), 'utf8');
    const cliLoaded = [
      ...(JSON.parse(cliSources) as { sources: string[] }).sources,
      ...staticClosure(join(dist, 'cli', 'main.js')).flatMap(sourcesOf),
    ];
    for (const part of ['src/simulator/', 'src/app/start-kubetalk.ts', 'src/cli/run-chat.ts'])
      expect(
        cliLoaded.filter((f) => f.includes(part)),
        part,
      ).toEqual([]);
    const everything = chunks.flatMap(sourcesOf);
    for (const part of lazy.slice(0, -2))
      expect(
        everything.some((f) => f.includes(part)),
        part,
      ).toBe(true);
  });

  it('runs away from node_modules: CLI help, an offline validate, and the controller up to its config check', () => {
    const dir = copyBundle();
    const help = run([join(dir, 'cli', 'main.js'), '--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/Usage: kubetalk <command>/);

    const fixture = join(repoRoot, 'test', 'fixtures', 'chatcommands', 'invalid-action-none.yaml');
    const validate = run([join(dir, 'cli', 'main.js'), 'validate', '-f', fixture]);
    expect(validate.status).toBe(1);
    expect(validate.stdout).toMatch(/action needs exactly one of/);

    // Everything the controller imports is loaded before configuration is read; a missing secret is the first
    // thing it can complain about, so reaching that message proves the whole graph resolved.
    const controller = run([join(dir, 'main.js')], { KUBECONFIG: '/nonexistent' });
    expect(controller.status).not.toBe(0);
    expect(controller.stderr).toMatch(/KUBETALK_DINGTALK_APP_SECRET is not set/);
    expect(controller.stderr).not.toMatch(/Cannot find (package|module)|Dynamic require/);
  });

  it('names src/ files in stack traces (source maps), although the code is minified', () => {
    const dir = copyBundle();
    const chunks = readdirSync(join(dir, 'chunks'))
      .filter((f) => f.endsWith('.js'))
      .map((f) => join(dir, 'chunks', f));
    // Load chunks, then throw from inside one: a function of the bundle called with a bad argument.
    const script = `for (const chunk of ${JSON.stringify(chunks)}) { const m = await import(chunk);
for (const f of Object.values(m)) { if (typeof f !== 'function') continue; try { f(undefined, undefined); } catch (e) { if (/\\/src\\/[a-z-]+\\/[a-z-]+\\.ts:\\d+:\\d+/.test(e.stack)) { console.log(e.stack); process.exit(0); } } } }
process.exit(3);`;
    const r = spawnSync(process.execPath, ['--enable-source-maps', '--input-type=module', '-e', script], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/\/src\/[a-z-]+\/[a-z-]+\.ts:\d+:\d+/);
  });
});
