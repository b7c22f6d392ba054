// The image runs Node with the flags and environment the e2e suite and the benchmarks use: one list, pinned here.
import { describe, expect, it } from 'vitest';
import { NODE_FLAGS, RUNTIME_ENV } from '../../../scripts/image/runtime-flags.ts';
import { read } from './markdown.ts';

const dockerfile = read('Dockerfile');

describe('the image runs Node as the tests do', () => {
  it('ENTRYPOINT passes exactly NODE_FLAGS before the CLI', () => {
    const entry = /^ENTRYPOINT (\[.*\])$/m.exec(dockerfile)?.[1];
    expect(JSON.parse(entry ?? '[]')).toEqual(['/usr/local/bin/node', ...NODE_FLAGS, '/app/cli/main.js']);
  });

  it.each(Object.entries(RUNTIME_ENV))('ENV sets %s=%s', (name, value) => {
    expect(dockerfile).toMatch(new RegExp(`^ENV ${name}=${value}$`, 'm'));
  });
});
