// Offline checks of ChatIdentity manifests (kubetalk validate): the CRD's rules per object, then ids claimed twice.
import { IDENTITY_KIND } from '../api/chat-identity.ts';
import { validateChatIdentity } from '../api/validate-chat-identity.ts';
import { IdentityIndex } from '../authz/identity-index.ts';
import type { CheckedObject, ObjectLocation } from './check-chat-commands.ts';

export function isChatIdentity(kind: string | undefined): boolean {
  return kind === IDENTITY_KIND;
}

/** Collects ChatIdentities across all files, so a staff id claimed twice is found wherever the two objects are. */
export class IdentityChecks {
  private readonly index = new IdentityIndex();
  private readonly where = new Map<string, ObjectLocation>();

  check(
    obj: unknown,
    base: ObjectLocation & { kind: string | undefined; name: string | undefined },
  ): CheckedObject {
    const result = validateChatIdentity(obj);
    if (!result.ok)
      return {
        ...base,
        namespace: undefined,
        status: 'invalid',
        problems: [...result.problems],
        warnings: [],
      };
    const name = result.identity.metadata.name;
    const earlier = this.where.get(name);
    if (earlier)
      return {
        ...base,
        namespace: undefined,
        status: 'invalid',
        problems: [
          `metadata: ChatIdentity ${name} is also defined at ${earlier.file}:${earlier.line}; the later one would replace it`,
        ],
        warnings: [],
      };
    this.where.set(name, base);
    this.index.upsert(result.identity);
    const { user, groups } = result.identity.spec;
    return {
      ...base,
      namespace: undefined,
      name,
      status: 'valid',
      problems: [],
      warnings: [],
      summary: `maps to Kubernetes user ${user}${groups?.length ? ` (groups ${groups.join(', ')})` : ''}`,
    };
  }

  /** Marks every ChatIdentity whose id another one claims too; both sides fail, as the controller reports both. */
  markConflicts(objects: CheckedObject[]): CheckedObject[] {
    return objects.map((o) => {
      if (!isChatIdentity(o.kind) || o.status !== 'valid' || o.name === undefined) return o;
      const conflicts = this.index.conflictsFor(o.name);
      if (conflicts.length === 0) return o;
      const problems = conflicts.map(
        (c) =>
          `spec: ${c.idType} ${c.id} is also claimed by ChatIdentity ${c.others.join(', ')} (Conflict: chat would refuse this person)`,
      );
      return { ...o, status: 'invalid', problems };
    });
  }
}
