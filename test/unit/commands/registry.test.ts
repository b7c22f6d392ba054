// CommandRegistry: indexing by trigger and alias, replacement, removal, conflicts, and size-independent lookup.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CommandRegistry } from '../../../src/commands/registry.ts';
import { tokenize } from '../../../src/commands/tokenize.ts';
import { makeCommand } from '../api/support/make-command.ts';

function refs(registry: CommandRegistry, text: string): string[][] {
  return registry
    .lookup(tokenize(text))
    .map((m) => [
      `${m.words}:${m.phrase}`,
      ...m.commands.map((c) => `${c.metadata.namespace}/${c.metadata.name}`),
    ]);
}

describe('CommandRegistry lookup', () => {
  it('finds a command by trigger and by alias, case- and width-insensitively', () => {
    const r = new CommandRegistry();
    r.upsert(makeCommand({ name: 'scale-web', trigger: 'scale', aliases: ['扩容', 'sc'] }));
    expect(refs(r, 'scale web 3')).toEqual([['1:scale', 'shop/scale-web']]);
    expect(refs(r, 'SCALE web 3')).toEqual([['1:scale', 'shop/scale-web']]);
    expect(refs(r, 'ｓｃａｌｅ　web')).toEqual([['1:scale', 'shop/scale-web']]);
    expect(refs(r, '扩容 web 3')).toEqual([['1:扩容', 'shop/scale-web']]);
    expect(refs(r, 'sc web 3')).toEqual([['1:sc', 'shop/scale-web']]);
    expect(refs(r, 'scal web')).toEqual([]);
    expect(refs(r, '')).toEqual([]);
  });

  it('matches multi-word triggers and returns longer phrases first', () => {
    const r = new CommandRegistry();
    r.upsert(
      makeCommand({ name: 'restart', trigger: 'restart', action: { rollout: { operation: 'restart' } } }),
    );
    r.upsert(
      makeCommand({
        name: 'restart-web',
        trigger: 'restart web',
        action: { rollout: { operation: 'restart' } },
      }),
    );
    r.upsert(
      makeCommand({
        name: 'restart-web-now',
        trigger: 'restart web now',
        action: { rollout: { operation: 'restart' } },
      }),
    );
    expect(refs(r, 'restart web now please')).toEqual([
      ['3:restart web now', 'shop/restart-web-now'],
      ['2:restart web', 'shop/restart-web'],
      ['1:restart', 'shop/restart'],
    ]);
    expect(refs(r, 'Restart  Web')).toEqual([
      ['2:restart web', 'shop/restart-web'],
      ['1:restart', 'shop/restart'],
    ]);
    expect(refs(r, 'restart api')).toEqual([['1:restart', 'shop/restart']]);
  });

  it('returns every command answering to a phrase, across namespaces', () => {
    const r = new CommandRegistry();
    r.upsert(makeCommand({ namespace: 'shop', name: 'scale-web' }));
    r.upsert(makeCommand({ namespace: 'dev', name: 'scale-web' }));
    expect(refs(r, 'scale')).toEqual([['1:scale', 'shop/scale-web', 'dev/scale-web']]);
  });
});

describe('CommandRegistry upsert, remove, list', () => {
  it('replaces a command: its old trigger and aliases stop matching', () => {
    const r = new CommandRegistry();
    r.upsert(makeCommand({ name: 'c', trigger: 'scale', aliases: ['扩容'] }));
    r.upsert(makeCommand({ name: 'c', trigger: 'resize', aliases: ['调整'] }));
    expect(r.size).toBe(1);
    expect(refs(r, 'scale')).toEqual([]);
    expect(refs(r, '扩容')).toEqual([]);
    expect(refs(r, 'resize')).toEqual([['1:resize', 'shop/c']]);
    expect(refs(r, '调整')).toEqual([['1:调整', 'shop/c']]);
    expect(r.get('shop', 'c')?.spec.trigger).toBe('resize');
  });

  it('removes a command and reports whether it knew it', () => {
    const r = new CommandRegistry();
    r.upsert(makeCommand({ name: 'a' }));
    r.upsert(makeCommand({ name: 'b', trigger: 'logs', action: { logs: {} } }));
    expect(r.remove('shop', 'a')).toBe(true);
    expect(r.remove('shop', 'a')).toBe(false);
    expect(r.remove('other', 'b')).toBe(false);
    expect(r.size).toBe(1);
    expect(refs(r, 'scale')).toEqual([]);
    expect(r.get('shop', 'a')).toBeUndefined();
  });

  it('lists commands by namespace, then name', () => {
    const r = new CommandRegistry();
    r.upsert(makeCommand({ namespace: 'shop', name: 'b' }));
    r.upsert(makeCommand({ namespace: 'dev', name: 'z' }));
    r.upsert(makeCommand({ namespace: 'shop', name: 'a' }));
    expect(r.list().map((c) => `${c.metadata.namespace}/${c.metadata.name}`)).toEqual([
      'dev/z',
      'shop/a',
      'shop/b',
    ]);
  });
});

describe('CommandRegistry conflicts', () => {
  const inShop = (name: string, conversations: string[], users: string[] = ['*']) =>
    makeCommand({ namespace: 'shop', name, allow: { conversations, users } });

  it.each([
    ['intersecting lists', ['c1', 'c2'], ['c2', 'c3'], ['c2']],
    ['"*" and a list', ['*'], ['c1', 'c2'], ['c1', 'c2']],
    ['a list and "*"', ['c1'], ['*'], ['c1']],
    ['"*" and "*"', ['*'], ['*'], ['*']],
    ['disjoint lists', ['c1'], ['c2'], undefined],
    ['an empty list', [], ['*'], undefined],
  ])('one namespace, %s', (_name, a, b, shared) => {
    const r = new CommandRegistry();
    r.upsert(inShop('a', a));
    r.upsert(inShop('b', b));
    const expected = shared
      ? [
          {
            phrase: 'scale',
            commands: [
              { namespace: 'shop', name: 'a' },
              { namespace: 'shop', name: 'b' },
            ],
            conversations: shared,
          },
        ]
      : [];
    expect(r.findConflicts()).toEqual(expected);
    expect(r.conflictsFor('shop', 'a')).toEqual(expected);
    expect(r.conflictsFor('shop', 'b')).toEqual(expected);
  });

  it('does not count the same trigger in two namespaces: chat lists them and -n picks one', () => {
    const r = new CommandRegistry();
    r.upsert(
      makeCommand({ namespace: 'dev', name: 'scale-web', allow: { conversations: ['*'], users: ['*'] } }),
    );
    r.upsert(
      makeCommand({ namespace: 'shop', name: 'scale-web', allow: { conversations: ['*'], users: ['*'] } }),
    );
    expect(r.findConflicts()).toEqual([]);
    expect(r.conflictsFor('dev', 'scale-web')).toEqual([]);
  });

  it.each([
    ['disjoint user lists', ['alice'], ['bob'], false],
    ['a shared user', ['alice', 'carol'], ['carol'], true],
    ['"*" and a list', ['*'], ['bob'], true],
    ['an empty list', [], ['*'], false],
  ])('one namespace, one conversation, %s', (_name, a, b, conflict) => {
    const r = new CommandRegistry();
    r.upsert(inShop('a', ['c1'], a));
    r.upsert(inShop('b', ['c1'], b));
    expect(r.findConflicts()).toHaveLength(conflict ? 1 : 0);
  });

  it('detects an alias colliding with another command’s trigger', () => {
    const r = new CommandRegistry();
    r.upsert(makeCommand({ name: 'scale-web', trigger: 'scale' }));
    r.upsert(makeCommand({ name: 'resize', trigger: 'resize', aliases: ['scale'] }));
    expect(r.findConflicts()).toEqual([
      {
        phrase: 'scale',
        commands: [
          { namespace: 'shop', name: 'resize' },
          { namespace: 'shop', name: 'scale-web' },
        ],
        conversations: ['*'],
      },
    ]);
  });

  it('does not count a longer trigger that starts with a shorter one (longest match decides)', () => {
    const r = new CommandRegistry();
    r.upsert(makeCommand({ name: 'a', trigger: 'restart', action: { rollout: { operation: 'restart' } } }));
    r.upsert(
      makeCommand({ name: 'b', trigger: 'restart web', action: { rollout: { operation: 'restart' } } }),
    );
    expect(r.findConflicts()).toEqual([]);
  });

  it('reports only the conflicts of the command asked about', () => {
    const r = new CommandRegistry();
    r.upsert(makeCommand({ namespace: 'a', name: 'x', trigger: 'scale' }));
    r.upsert(makeCommand({ namespace: 'a', name: 'x2', trigger: 'scale' }));
    r.upsert(makeCommand({ namespace: 'c', name: 'y', trigger: 'logs', action: { logs: {} } }));
    r.upsert(makeCommand({ namespace: 'c', name: 'y2', trigger: 'logs', action: { logs: {} } }));
    expect(r.findConflicts().map((c) => c.phrase)).toEqual(['logs', 'scale']);
    expect(r.conflictsFor('a', 'x').map((c) => c.phrase)).toEqual(['scale']);
    expect(r.conflictsFor('nope', 'x')).toEqual([]);
  });

  it('forgets conflicts when a command is removed or its trigger changes', () => {
    const r = new CommandRegistry();
    r.upsert(makeCommand({ namespace: 'a', name: 'x' }));
    r.upsert(makeCommand({ namespace: 'a', name: 'y' }));
    expect(r.findConflicts()).toHaveLength(1);
    r.upsert(makeCommand({ namespace: 'a', name: 'y', trigger: 'resize' }));
    expect(r.findConflicts()).toEqual([]);
    r.upsert(makeCommand({ namespace: 'a', name: 'y' }));
    r.remove('a', 'x');
    expect(r.findConflicts()).toEqual([]);
  });

  it('describes conflicts for the Ready condition', () => {
    const r = new CommandRegistry();
    r.upsert(makeCommand({ namespace: 'a', name: 'x', allow: { conversations: ['*'], users: ['*'] } }));
    r.upsert(
      makeCommand({
        namespace: 'a',
        name: 'y',
        allow: { conversations: ['c1', 'c2', 'c3', 'c4'], users: ['*'] },
      }),
    );
    r.upsert(makeCommand({ namespace: 'a', name: 'z' }));
    expect(r.describeConflicts('a', 'x')).toEqual([
      'a/y ("scale" in c1, c2, c3, …)',
      'a/z ("scale" in every conversation)',
    ]);
    expect(r.describeConflicts('a', 'y')).toEqual([
      'a/x ("scale" in c1, c2, c3, …)',
      'a/z ("scale" in c1, c2, c3, …)',
    ]);
  });
});

describe('CommandRegistry lookup cost', () => {
  afterEach(() => vi.restoreAllMocks());

  function mapGetsPerLookup(commands: number): number {
    const r = new CommandRegistry();
    for (let i = 0; i < commands; i++) {
      r.upsert(
        makeCommand({ namespace: `ns${i}`, name: `c${i}`, trigger: `cmd${i} run`, aliases: [`alias${i}`] }),
      );
    }
    r.upsert(makeCommand({ namespace: 'shop', name: 'scale-web' }));
    const spy = vi.spyOn(Map.prototype, 'get');
    const found = r.lookup(tokenize('scale web 3'));
    const misses = r.lookup(tokenize('no such command here'));
    const calls = spy.mock.calls.length;
    spy.mockRestore();
    expect(found).toHaveLength(1);
    expect(misses).toHaveLength(0);
    return calls;
  }

  it('does the same map lookups with 10 commands as with 5000', () => {
    const small = mapGetsPerLookup(10);
    expect(small).toBeLessThanOrEqual(6);
    expect(mapGetsPerLookup(5000)).toBe(small);
  });
});
