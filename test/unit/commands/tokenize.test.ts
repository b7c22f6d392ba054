// tokenize: what counts as a word in a chat message.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeChatText, toMatchKey, tokenize } from '../../../src/commands/tokenize.ts';

describe('tokenize', () => {
  it.each([
    ['empty', '', []],
    ['only spaces', ' \t\n ', []],
    ['ASCII words', 'scale web 3', ['scale', 'web', '3']],
    ['repeated spaces', '  scale   web  ', ['scale', 'web']],
    ['full-width letters, digits and U+3000 spaces', 'ｓｃａｌｅ\u3000ｗｅｂ\u3000３', ['scale', 'web', '3']],
    ['full-width flag with = and -', '－－ｔａｉｌ＝５０', ['--tail=50']],
    ['no-break space, em space, medium math space', 'a\u00a0b\u2003c\u205fd', ['a', 'b', 'c', 'd']],
    ['line and paragraph separators, NEL', 'a\u2028b\u2029c\u0085d', ['a', 'b', 'c', 'd']],
    ['tabs and newlines', 'a\tb\r\nc', ['a', 'b', 'c']],
    ['case is kept', 'Scale WEB', ['Scale', 'WEB']],
    ['double quotes group', 'logs "my app" x', ['logs', 'my app', 'x']],
    ['single quotes group', "logs 'my app'", ['logs', 'my app']],
    ['Chinese double quotes group', 'logs \u201cmy app\u201d', ['logs', 'my app']],
    ['Chinese single quotes group', 'logs \u2018my app\u2019', ['logs', 'my app']],
    ['corner brackets group', '重启 「web 1」', ['重启', 'web 1']],
    ['full-width double quotes fold to ASCII quotes', '＂my app＂', ['my app']],
    ['empty quotes are an empty word', 'scale "" 3', ['scale', '', '3']],
    ['a quote inside a word is a character', "it's web", ["it's", 'web']],
    ['an unclosed quote is a character', '"web 3', ['"web', '3']],
    ['text right after a closing quote continues the word', '"a b"c d', ['a bc', 'd']],
    ['zero-width space inside a word', 'w\u200beb', ['web']],
    ['zero-width joiner and non-joiner', 's\u200cca\u200dle', ['scale']],
    ['word joiner and BOM', '\ufeffscale\u2060 web', ['scale', 'web']],
    ['bidi overrides and marks', '\u202escale\u202c \u200fweb\u200e', ['scale', 'web']],
    ['bidi isolates and Arabic letter mark', '\u2066scale\u2069 \u061cweb', ['scale', 'web']],
    ['soft hyphen', 'sca\u00adle', ['scale']],
    ['control characters', 'sc\u0000al\u001be', ['scale']],
    ['lone surrogates', '\ud800web\udc00', ['web']],
    ['emoji stay words', 'scale 🚀 web', ['scale', '🚀', 'web']],
    ['emoji ZWJ sequences lose their joiners, harmlessly', '👩\u200d💻', ['👩💻']],
    ['em dash from a phone becomes --', 'logs web \u2014tail 50', ['logs', 'web', '--tail', '50']],
    ['Chinese IME double dash becomes --', 'logs web \u2014\u2014tail=50', ['logs', 'web', '--tail=50']],
    ['en dash becomes --', '\u2013previous', ['--previous']],
    ['a lone em dash stays', '\u2014', ['\u2014']],
    ['dashes inside quotes are kept', '"\u2014tail"', ['\u2014tail']],
    ['Chinese text', '扩容 web 3', ['扩容', 'web', '3']],
  ])('%s', (_name, input, expected) => {
    expect(tokenize(input)).toEqual(expected);
  });

  it('never throws and never yields whitespace or invisible characters outside quotes', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        for (const word of tokenize(text)) {
          expect(word).not.toMatch(/[\p{Cf}\p{Cs}]/u);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('normalizeChatText', () => {
  it('folds compatibility forms and drops invisible characters', () => {
    expect(normalizeChatText('Ａ\u200bｂ①')).toBe('Ab1');
  });
});

describe('toMatchKey', () => {
  it('lowercases and joins with one space', () => {
    expect(toMatchKey(['Restart', 'WEB'])).toBe('restart web');
    expect(toMatchKey(['重启'])).toBe('重启');
  });
});
