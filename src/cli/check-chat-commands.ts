// Offline checks of ChatCommand manifests: the CRD schema and CEL rules per object, then trigger collisions across them.
import { REQUEST_KIND } from '../api/chat-request.ts';
import { loadAll } from 'js-yaml';
import { GROUP, KIND } from '../api/chat-command.ts';
import { explainUnreachable } from '../api/explain-unreachable.ts';
import { summarizeChatCommand } from '../api/summarize-chat-command.ts';
import { validateChatCommand } from '../api/validate-chat-command.ts';
import { validateCustomResource } from '../api/crd/validate-custom-resource.ts';
import { evaluateRules } from '../api/crd/evaluate-rules.ts';
import { CommandRegistry } from '../commands/registry.ts';
import { firstContentLine, splitYamlDocuments } from './split-yaml-documents.ts';
import { IdentityChecks, isChatIdentity } from './check-chat-identities.ts';
import { checkAlertRoute, isAlertRoute } from './check-alert-routes.ts';
import { withNamespaceHint } from './namespace-hint.ts';

export interface ManifestSource {
  /** The file name as given (or "<stdin>"). */
  readonly name: string;
  readonly text: string;
}

export interface ObjectLocation {
  readonly file: string;
  /** 1-based among the file's non-empty documents (a List's items share their List's number). */
  readonly document: number;
  readonly line: number;
  /** Index inside a `kind: List`, when the object came from one. */
  readonly item?: number;
}

export interface CheckedObject extends ObjectLocation {
  readonly kind: string | undefined;
  readonly namespace: string | undefined;
  readonly name: string | undefined;
  readonly status: 'valid' | 'invalid' | 'skipped';
  readonly problems: readonly string[];
  /** Valid, but the controller would mark it not Ready (NobodyAllowed). */
  readonly warnings: readonly string[];
  /** One line saying what a valid command does. */
  readonly summary?: string;
}

export interface CheckedConflict {
  readonly phrase: string;
  /** Shared conversation ids, or ["*"] when both admit every conversation. */
  readonly conversations: readonly string[];
  readonly commands: readonly [ConflictSide, ConflictSide];
}

export interface ConflictSide extends ObjectLocation {
  readonly namespace: string;
  readonly name: string;
}

export interface ValidationReport {
  readonly objects: readonly CheckedObject[];
  readonly conflicts: readonly CheckedConflict[];
  /** No invalid object and no conflict; with `strict`, no warning either. */
  readonly ok: boolean;
}

export interface CheckOptions {
  /** Namespace for objects without one, as `kubectl apply -n` would give them. */
  readonly namespace?: string;
  /** Warnings fail the check too. */
  readonly strict?: boolean;
}

export function checkChatCommands(
  sources: readonly ManifestSource[],
  options: CheckOptions = {},
): ValidationReport {
  let objects: CheckedObject[] = [];
  const registry = new CommandRegistry();
  const identities = new IdentityChecks();
  const seen = new Map<string, ObjectLocation>();
  for (const source of sources) {
    let document = 0;
    for (const chunk of splitYamlDocuments(source.text)) {
      const line = firstContentLine(chunk);
      if (line === undefined) continue;
      document += 1;
      const location = { file: source.name, document, line };
      let parsed: unknown[];
      try {
        parsed = loadAll(chunk.text);
      } catch (err) {
        objects.push(yamlError(location, chunk.startLine, err));
        continue;
      }
      const doc = parsed[0];
      if (doc === null || doc === undefined) continue;
      const items = isList(doc) ? doc.items : [doc];
      items.forEach((obj, i) => {
        const at = isList(doc) ? { ...location, item: i } : location;
        objects.push(checkObject(obj, at, options, registry, seen, identities));
      });
    }
  }
  objects = identities.markConflicts(objects);
  const conflicts = registry.findConflicts().map((c): CheckedConflict => {
    const side = (i: 0 | 1): ConflictSide => {
      const ref = c.commands[i];
      const where = seen.get(`${ref.namespace}/${ref.name}`) ?? { file: '?', document: 0, line: 0 };
      return { ...where, namespace: ref.namespace, name: ref.name };
    };
    return { phrase: c.phrase, conversations: c.conversations, commands: [side(0), side(1)] };
  });
  const ok =
    objects.every((o) => o.status !== 'invalid' && (!options.strict || o.warnings.length === 0)) &&
    conflicts.length === 0;
  return { objects, conflicts, ok };
}

function checkObject(
  obj: unknown,
  location: ObjectLocation,
  options: CheckOptions,
  registry: CommandRegistry,
  seen: Map<string, ObjectLocation>,
  identities: IdentityChecks,
): CheckedObject {
  const record =
    typeof obj === 'object' && obj !== null && !Array.isArray(obj) ? (obj as Record<string, unknown>) : {};
  const kind = typeof record['kind'] === 'string' ? record['kind'] : undefined;
  const apiVersion = typeof record['apiVersion'] === 'string' ? record['apiVersion'] : '';
  const metadata = (record['metadata'] ?? {}) as Record<string, unknown>;
  const rawName = typeof metadata['name'] === 'string' ? metadata['name'] : undefined;
  const rawNamespace = typeof metadata['namespace'] === 'string' ? metadata['namespace'] : options.namespace;
  const base = { ...location, kind, name: rawName, namespace: rawNamespace };
  // Other kinds (the runner's ServiceAccount, Role…) often share the file; they are not this tool's business.
  if (kind !== KIND && !apiVersion.startsWith(`${GROUP}/`)) {
    return { ...base, status: 'skipped', problems: [], warnings: [] };
  }
  if (isChatIdentity(kind)) return identities.check(obj, base);
  // ChatRequests are written by kubetalk itself (docs/design/0012-approvals.md); an exported one is not checked.
  if (kind === REQUEST_KIND) return { ...base, status: 'skipped', problems: [], warnings: [] };
  // An AlertRoute: its CRD plus what CEL cannot say (RE2 matchers, button titles), and its summary.
  if (isAlertRoute(kind)) return checkAlertRoute(obj, base);
  // Any other kind of ours is checked against its CRD file alone: schema and rules.
  if (kind !== KIND) return checkOtherKind(obj, base, options);
  const result = validateChatCommand(
    obj,
    options.namespace === undefined ? {} : { defaultNamespace: options.namespace },
  );
  if (!result.ok)
    return { ...base, status: 'invalid', problems: withNamespaceHint(result.problems), warnings: [] };
  const { metadata: meta, spec } = result.command;
  const key = `${meta.namespace}/${meta.name}`;
  const earlier = seen.get(key);
  if (earlier) {
    return {
      ...base,
      status: 'invalid',
      problems: [
        `metadata: ${key} is also defined at ${formatLocation(earlier)}; the later one would replace it`,
      ],
      warnings: [],
    };
  }
  seen.set(key, location);
  registry.upsert(result.command);
  const unreachable = explainUnreachable(spec.allow);
  return {
    ...base,
    namespace: meta.namespace,
    name: meta.name,
    status: 'valid',
    problems: [],
    warnings: unreachable ? [`NobodyAllowed: ${unreachable}`] : [],
    summary: summarizeChatCommand(spec).summary,
  };
}

function checkOtherKind(
  obj: unknown,
  base: ObjectLocation & {
    kind: string | undefined;
    name: string | undefined;
    namespace: string | undefined;
  },
  options: CheckOptions,
): CheckedObject {
  const result = validateCustomResource(obj, {
    ...(options.namespace === undefined ? {} : { defaultNamespace: options.namespace }),
    rules: evaluateRules,
  });
  if (!result.ok) return { ...base, status: 'invalid', problems: [...result.problems], warnings: [] };
  const scoped = result.crd.scope === 'Cluster' ? { namespace: undefined } : {};
  return {
    ...base,
    ...scoped,
    status: 'valid',
    problems: [],
    warnings: [],
    summary: `valid by ${result.crd.file}`,
  };
}

function yamlError(location: ObjectLocation, chunkStart: number, err: unknown): CheckedObject {
  const e = err as { reason?: string; mark?: { line?: number; column?: number } };
  const line = e.mark?.line === undefined ? location.line : chunkStart + e.mark.line;
  const column = e.mark?.column === undefined ? '' : `, column ${e.mark.column + 1}`;
  const reason = e.reason ?? (err instanceof Error ? err.message : String(err));
  return {
    ...location,
    kind: undefined,
    namespace: undefined,
    name: undefined,
    status: 'invalid',
    problems: [`YAML: ${reason} (line ${line}${column})`],
    warnings: [],
  };
}

function isList(doc: unknown): doc is { kind: 'List'; items: unknown[] } {
  return (
    typeof doc === 'object' &&
    doc !== null &&
    (doc as { kind?: unknown }).kind === 'List' &&
    Array.isArray((doc as { items?: unknown }).items)
  );
}

/** `file:line (doc N)`, the way reports point at an object; editors jump to file:line. */
export function formatLocation(l: ObjectLocation): string {
  return `${l.file}:${l.line} (doc ${l.document}${l.item === undefined ? '' : `, item ${l.item}`})`;
}
