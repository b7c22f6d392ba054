// Bundles the controller (dist/main.js) and the CLI (dist/cli/main.js) into minified ESM with esbuild: what ships.
// `tsc` still emits the unbundled build to dist/unbundled/ so benchmarks can compare the two (docs/design/0016).
import { build, type BuildOptions, type Plugin } from 'esbuild';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(fileURLToPath(import.meta.url), '..', '..');
const outdir = join(root, 'dist');

// CommonJS packages in the bundle (express, ws, prom-client …) call require() for Node built-ins, and `ws` tries
// the optional native add-ons in a try/catch; an ESM bundle has no `require`, so give it Node's.
const banner = [
  "import { createRequire as __kubetalkCreateRequire } from 'node:module';",
  'const require = __kubetalkCreateRequire(import.meta.url);',
].join('\n');

// The CRDs are the validators' source of truth (src/api/crd/); the image ships dist/ only, so their text is embedded.
const embedCrds: Plugin = {
  name: 'embed-crds',
  setup(b) {
    b.onLoad({ filter: /src[\\/]api[\\/]crd[\\/]crd-files\.ts$/ }, () => {
      const files = readdirSync(join(root, 'crds'))
        .filter((f) => f.endsWith('.yaml'))
        .sort()
        .map((name) => ({ name, text: readFileSync(join(root, 'crds', name), 'utf8') }));
      return {
        loader: 'ts',
        contents: `export function readCrdFiles() { return ${JSON.stringify(files)}; }\n`,
      };
    });
  },
};

// client-node takes Agent, ProxyAgent and fetch from undici, and src/platforms/dingtalk/post-json.ts Agent and
// request; but undici's index loads every part at import — mocks, cache stores (node:sqlite), interceptors,
// WebSocket, EventSource: ~3.7 MiB RSS measured by import, ~2.5 MiB idle (docs/benchmarks.md, "Issue 16"). Both get
// this entry instead, which loads only those parts and, as the index does, gives Dispatcher its request/stream/…
// methods. `request` is the index's makeDispatcher for a URL string: the dispatcher's own request() with origin and
// path taken from the URL.
const SLIM_UNDICI = `import Agent from './lib/dispatcher/agent.js';
import ProxyAgent from './lib/dispatcher/proxy-agent.js';
import Dispatcher from './lib/dispatcher/dispatcher.js';
import api from './lib/api/index.js';
import globalDispatcher from './lib/global.js';
import fetchModule from './lib/web/fetch/index.js';
Object.assign(Dispatcher.prototype, api);
export { Agent, ProxyAgent };
export function fetch(init, options) { return fetchModule.fetch(init, options); }
export function request(url, opts, handler) {
  if (typeof url !== 'string' || (opts != null && (typeof opts !== 'object' || 'path' in opts || 'agent' in opts)))
    throw new TypeError('kubetalk slim undici: request(url string, opts without path/agent) only');
  const { dispatcher = globalDispatcher.getGlobalDispatcher(), ...rest } = opts ?? {};
  const u = new URL(url);
  const path = u.search ? u.pathname + u.search : u.pathname;
  return dispatcher.request({ ...rest, origin: u.origin, path, method: rest.method || (rest.body ? 'PUT' : 'GET') }, handler);
}
`;
const SLIM_UNDICI_USERS = [
  /[\\/]@kubernetes[\\/]client-node[\\/]/,
  /[\\/]src[\\/]platforms[\\/]dingtalk[\\/]post-json\.ts$/,
];
const slimUndici: Plugin = {
  name: 'slim-undici',
  setup(b) {
    b.onResolve({ filter: /^undici$/ }, (args) => {
      if (!SLIM_UNDICI_USERS.some((re) => re.test(args.importer)))
        throw new Error(`undici imported by ${args.importer}: check what it uses, then widen the slim entry`);
      return { path: 'undici-slim', namespace: 'slim-undici' };
    });
    b.onLoad({ filter: /.*/, namespace: 'slim-undici' }, () => ({
      resolveDir: join(root, 'node_modules', 'undici'),
      loader: 'js',
      contents: SLIM_UNDICI,
    }));
  },
};

// An ES import of node:http reads every export of the module, and three of them (WebSocket, CloseEvent,
// MessageEvent) are getters that load Node's own copy of undici: +14 MiB RSS for a process that never uses them
// (measured: `import { createServer } from 'node:http'` 60.7 MiB, `require('http')` 46.8 MiB). ES imports of http
// get this module instead, which takes http through require() and re-exports the rest; reading one of the three
// through it fails the build.
const HTTP_LAZY_GETTERS = new Set(['WebSocket', 'CloseEvent', 'MessageEvent']);
const httpExports = Object.getOwnPropertyNames(await import('node:http')).filter(
  (k) => k !== 'default' && !HTTP_LAZY_GETTERS.has(k),
);
const httpWithoutUndici: Plugin = {
  name: 'http-without-undici',
  setup(b) {
    b.onResolve({ filter: /^(node:)?http$/ }, (args) =>
      args.kind === 'import-statement' ? { path: 'http', namespace: 'http-without-undici' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'http-without-undici' }, () => ({
      loader: 'js',
      contents: [
        "const http = require('node:http');",
        'export default http;',
        ...httpExports.map((k) => `export const ${k} = http.${k};`),
      ].join('\n'),
    }));
  },
};

const options: BuildOptions = {
  absWorkingDir: root,
  entryPoints: { main: 'src/main.ts', 'cli/main': 'src/cli/main.ts' },
  outdir,
  bundle: true,
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  format: 'esm',
  platform: 'node',
  target: 'node22',
  minify: true,
  sourcemap: 'linked',
  // Paths in the map are relative to dist/; keep the sources out of the map so the image stays small.
  sourcesContent: false,
  banner: { js: banner },
  // Optional native speed-ups of `ws`, loaded in try/catch and absent on purpose: the pure-JS fallback is used.
  external: ['bufferutil', 'utf-8-validate'],
  legalComments: 'linked',
  metafile: true,
  plugins: [embedCrds, slimUndici, httpWithoutUndici],
  logLevel: 'warning',
};

for (const stale of ['main.js', 'main.js.map', 'cli/main.js', 'cli/main.js.map', 'chunks']) {
  rmSync(join(outdir, stale), { recursive: true, force: true });
}
const result = await build(options);
// dist/ on its own (the image copies only it) must still say its .js files are ES modules.
writeFileSync(join(outdir, 'package.json'), '{ "type": "module" }\n');
// What went into the bundle, for `npx esbuild-visualizer`-style inspection (not shipped).
mkdirSync(join(root, '.cache'), { recursive: true });
writeFileSync(join(root, '.cache', 'bundle-meta.json'), JSON.stringify(result.metafile));
