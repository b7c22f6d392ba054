// The Dockerfile's build arguments (base images, npm registry) are documented where people build from mainland
// networks: the README (both languages) and the getting-started guide's build command.
import { describe, expect, it } from 'vitest';
import { read } from './markdown.ts';

const ARGS = [...read('Dockerfile').matchAll(/^ARG (\w+)=/gm)].map((m) => m[1] ?? '');

describe('Dockerfile build arguments', () => {
  it('are the bases and the npm registry', () => {
    expect(ARGS.sort()).toEqual(['BUILD_IMAGE', 'NPM_REGISTRY', 'RUNTIME_IMAGE']);
  });

  it.each(['README.md', 'README.zh-CN.md', 'docs/getting-started-dingtalk.md'])(
    '%s documents each one',
    (doc) => {
      const text = read(doc);
      for (const arg of ARGS) expect(text, `${doc} does not mention ${arg}`).toContain(`--build-arg ${arg}=`);
    },
  );

  it('npm ci uses NPM_REGISTRY', () => {
    expect(read('Dockerfile')).toMatch(/RUN npm ci [^\n]*--registry="\$\{NPM_REGISTRY\}"/);
  });
});
