import { describe, expect, it } from 'vitest';
import { fillCommand, renderButtons } from '../../../src/alerts/render/buttons.ts';

describe('one-tap buttons', () => {
  it('fills placeholders from labels and encodes the whole command', () => {
    expect(
      renderButtons([{ title: 'Restart', command: 'restart {{ labels.deployment }}' }], {
        deployment: 'web',
      }),
    ).toBe('[Restart](dtmd://dingtalkclient/sendMessage?content=restart%20web)');
    expect(
      fillCommand('logs {{labels.pod}} -n {{ labels.namespace }}', { pod: 'web-1', namespace: 'shop' }),
    ).toBe('logs web-1 -n shop');
  });

  it.each([
    ['missing label', {}],
    ['empty', { deployment: '' }],
    ['a second command', { deployment: 'web; scale db 0' }],
    ['a newline', { deployment: 'web\nscale db 0' }],
    ['spaces', { deployment: 'web --replicas 0' }],
    ['markdown link', { deployment: '[x](https://evil)' }],
    ['a dtmd url', { deployment: 'dtmd://dingtalkclient/sendMessage?content=x' }],
    ['upper case', { deployment: 'Web' }],
    ['too long', { deployment: 'a'.repeat(254) }],
    ['braces', { deployment: '{{ labels.x }}' }],
    ['url-encoded', { deployment: 'web%0Ascale' }],
    ['full-width', { deployment: 'ｗｅｂ' }],
  ])('drops the button when the label is %s', (_name, labels) => {
    expect(renderButtons([{ title: 'Restart', command: 'restart {{ labels.deployment }}' }], labels)).toBe(
      '',
    );
  });

  it('keeps the other buttons when one drops, and neutralises a hostile title', () => {
    const out = renderButtons(
      [
        { title: 'Restart', command: 'restart {{ labels.deployment }}' },
        { title: '[x](y) @all', command: 'logs {{ labels.pod }}' },
      ],
      { pod: 'web-1' },
    );
    expect(out).toBe('[［x］(y) ＠all](dtmd://dingtalkclient/sendMessage?content=logs%20web-1)');
  });

  it('refuses a template that is not one the CRD admits', () => {
    expect(
      fillCommand('restart {{ labels.deployment }} {{ annotations.x }}', { deployment: 'web' }),
    ).toBeUndefined();
  });
});
