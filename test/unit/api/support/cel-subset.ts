// A small evaluator for the subset of CEL the ChatCommand CRD uses, so tests can run its rules against fixtures.
//
// Supported: int/string/bool literals, list literals, `self` field selection, `has(a.b)`, `size(x)`, `x.size()`,
// `s.matches(re)`, `!`, unary `-`, `+`, `-`, comparisons, `in`, `&&`, `||` (with CEL's error-absorbing
// semantics) and `?:`. Anything else is a parse error, so a rule outside the subset fails the test loudly
// instead of being silently mis-evaluated.

type Value = unknown;

type Node =
  | { t: 'lit'; v: Value }
  | { t: 'ident'; name: string }
  | { t: 'list'; items: Node[] }
  | { t: 'select'; target: Node; field: string }
  | { t: 'call'; fn: string; target?: Node; args: Node[] }
  | { t: 'unary'; op: '!' | '-'; arg: Node }
  | { t: 'binary'; op: string; left: Node; right: Node }
  | { t: 'cond'; test: Node; then: Node; else: Node };

const TOKEN =
  /\s*(?:(\d+)|'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"|([A-Za-z_][A-Za-z0-9_]*)|(&&|\|\||==|!=|<=|>=|[()[\],.?:!<>+-]))/y;

interface Tok {
  kind: 'int' | 'str' | 'ident' | 'op';
  text: string;
}

function lex(src: string): Tok[] {
  const out: Tok[] = [];
  TOKEN.lastIndex = 0;
  let pos = 0;
  while (pos < src.length) {
    if (/^\s*$/.test(src.slice(pos))) break;
    TOKEN.lastIndex = pos;
    const m = TOKEN.exec(src);
    if (!m) throw new Error(`CEL subset: cannot read "${src.slice(pos)}"`);
    pos = TOKEN.lastIndex;
    if (m[1] !== undefined) out.push({ kind: 'int', text: m[1] });
    else if (m[2] !== undefined) out.push({ kind: 'str', text: m[2].replace(/\\(.)/g, '$1') });
    else if (m[3] !== undefined) out.push({ kind: 'str', text: m[3].replace(/\\(.)/g, '$1') });
    else if (m[4] !== undefined) out.push({ kind: 'ident', text: m[4] });
    else if (m[5] !== undefined) out.push({ kind: 'op', text: m[5] });
  }
  return out;
}

class Parser {
  private i = 0;
  private readonly toks: Tok[];
  constructor(toks: Tok[]) {
    this.toks = toks;
  }

  parse(): Node {
    const n = this.cond();
    if (this.i !== this.toks.length) throw new Error(`CEL subset: unexpected "${this.toks[this.i]?.text}"`);
    return n;
  }

  private peek(text: string): boolean {
    const t = this.toks[this.i];
    return t !== undefined && (t.kind === 'op' || t.kind === 'ident') && t.text === text;
  }

  private eat(text: string): void {
    if (!this.peek(text)) throw new Error(`CEL subset: expected "${text}" at token ${this.i}`);
    this.i++;
  }

  private cond(): Node {
    const test = this.or();
    if (!this.peek('?')) return test;
    this.eat('?');
    const then = this.cond();
    this.eat(':');
    return { t: 'cond', test, then, else: this.cond() };
  }

  private or(): Node {
    let left = this.and();
    while (this.peek('||')) {
      this.i++;
      left = { t: 'binary', op: '||', left, right: this.and() };
    }
    return left;
  }

  private and(): Node {
    let left = this.relation();
    while (this.peek('&&')) {
      this.i++;
      left = { t: 'binary', op: '&&', left, right: this.relation() };
    }
    return left;
  }

  private relation(): Node {
    let left = this.additive();
    for (const op of ['==', '!=', '<=', '>=', '<', '>', 'in']) {
      if (this.peek(op)) {
        this.i++;
        left = { t: 'binary', op, left, right: this.additive() };
        break;
      }
    }
    return left;
  }

  private additive(): Node {
    let left = this.unary();
    while (this.peek('+') || this.peek('-')) {
      const op = this.toks[this.i++]!.text;
      left = { t: 'binary', op, left, right: this.unary() };
    }
    return left;
  }

  private unary(): Node {
    if (this.peek('!')) {
      this.i++;
      return { t: 'unary', op: '!', arg: this.unary() };
    }
    if (this.peek('-')) {
      this.i++;
      return { t: 'unary', op: '-', arg: this.unary() };
    }
    return this.postfix();
  }

  private postfix(): Node {
    let n = this.primary();
    for (;;) {
      if (this.peek('.')) {
        this.i++;
        const field = this.toks[this.i++];
        if (field?.kind !== 'ident') throw new Error('CEL subset: expected a field name');
        if (this.peek('(')) n = { t: 'call', fn: field.text, target: n, args: this.args() };
        else n = { t: 'select', target: n, field: field.text };
      } else {
        return n;
      }
    }
  }

  private args(): Node[] {
    this.eat('(');
    const out: Node[] = [];
    while (!this.peek(')')) {
      out.push(this.cond());
      if (!this.peek(')')) this.eat(',');
    }
    this.eat(')');
    return out;
  }

  private primary(): Node {
    const tok = this.toks[this.i++];
    if (!tok) throw new Error('CEL subset: unexpected end');
    if (tok.kind === 'int') return { t: 'lit', v: Number(tok.text) };
    if (tok.kind === 'str') return { t: 'lit', v: tok.text };
    if (tok.kind === 'ident') {
      if (tok.text === 'true' || tok.text === 'false') return { t: 'lit', v: tok.text === 'true' };
      if (this.peek('(')) return { t: 'call', fn: tok.text, args: this.args() };
      return { t: 'ident', name: tok.text };
    }
    if (tok.text === '(') {
      const n = this.cond();
      this.eat(')');
      return n;
    }
    if (tok.text === '[') {
      const items: Node[] = [];
      while (!this.peek(']')) {
        items.push(this.cond());
        if (!this.peek(']')) this.eat(',');
      }
      this.eat(']');
      return { t: 'list', items };
    }
    throw new Error(`CEL subset: unexpected "${tok.text}"`);
  }
}

function isObject(v: Value): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function evaluate(n: Node, env: Record<string, Value>): Value {
  switch (n.t) {
    case 'lit':
      return n.v;
    case 'ident':
      if (!(n.name in env)) throw new Error(`undeclared reference ${n.name}`);
      return env[n.name];
    case 'list':
      return n.items.map((x) => evaluate(x, env));
    case 'select': {
      const target = evaluate(n.target, env);
      if (!isObject(target) || !(n.field in target)) throw new Error(`no such key: ${n.field}`);
      return target[n.field];
    }
    case 'call':
      return call(n, env);
    case 'unary': {
      const v = evaluate(n.arg, env);
      if (n.op === '!') return !asBool(v);
      return -asInt(v);
    }
    case 'cond':
      return asBool(evaluate(n.test, env)) ? evaluate(n.then, env) : evaluate(n.else, env);
    case 'binary':
      return binary(n.op, n.left, n.right, env);
  }
}

function call(n: Extract<Node, { t: 'call' }>, env: Record<string, Value>): Value {
  if (n.fn === 'has' && !n.target) {
    const arg = n.args[0];
    if (n.args.length !== 1 || arg?.t !== 'select') throw new Error('has() needs a field selection');
    const target = evaluate(arg.target, env);
    return isObject(target) && arg.field in target;
  }
  if (n.fn === 'size') {
    const v = n.target ? evaluate(n.target, env) : evaluate(n.args[0]!, env);
    if (typeof v === 'string') return [...v].length;
    if (Array.isArray(v)) return v.length;
    if (isObject(v)) return Object.keys(v).length;
    throw new Error('size() of a non-container');
  }
  if (n.fn === 'matches' && n.target) {
    const s = evaluate(n.target, env);
    const re = evaluate(n.args[0]!, env);
    if (typeof s !== 'string' || typeof re !== 'string') throw new Error('matches() needs strings');
    return new RegExp(re, 'u').test(s);
  }
  throw new Error(`CEL subset: unsupported function ${n.fn}`);
}

function binary(op: string, l: Node, r: Node, env: Record<string, Value>): Value {
  if (op === '&&' || op === '||') {
    // CEL: false && error == false, true || error == true, in either order.
    const absorbing = op === '||';
    const tryEval = (x: Node): { v?: boolean; err?: Error } => {
      try {
        return { v: asBool(evaluate(x, env)) };
      } catch (err) {
        return { err: err instanceof Error ? err : new Error(String(err)) };
      }
    };
    const a = tryEval(l);
    if (a.v === absorbing) return absorbing;
    const b = tryEval(r);
    if (b.v === absorbing) return absorbing;
    if (a.err !== undefined) throw a.err;
    if (b.err !== undefined) throw b.err;
    return !absorbing;
  }
  const a = evaluate(l, env);
  const b = evaluate(r, env);
  switch (op) {
    case '==':
      return a === b;
    case '!=':
      return a !== b;
    case '<':
      return asInt(a) < asInt(b);
    case '<=':
      return asInt(a) <= asInt(b);
    case '>':
      return asInt(a) > asInt(b);
    case '>=':
      return asInt(a) >= asInt(b);
    case '+':
      return asInt(a) + asInt(b);
    case '-':
      return asInt(a) - asInt(b);
    case 'in':
      if (!Array.isArray(b)) throw new Error('in needs a list');
      return b.includes(a);
  }
  throw new Error(`CEL subset: unsupported operator ${op}`);
}

function asBool(v: Value): boolean {
  if (typeof v !== 'boolean') throw new Error('expected a bool');
  return v;
}

function asInt(v: Value): number {
  if (typeof v !== 'number') throw new Error('expected an int');
  return v;
}

/** Parses a rule (throws if it leaves the supported subset). */
export function compileCel(rule: string): (self: unknown) => unknown {
  const ast = new Parser(lex(rule)).parse();
  return (self) => evaluate(ast, { self });
}
