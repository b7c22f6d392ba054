// The ChatIdentity index: which Kubernetes identity a chat sender maps to, and which ids are claimed twice (never guessed).
import type { ChatIdentity } from '../api/chat-identity.ts';

export interface KubernetesIdentity {
  /** The ChatIdentity object that maps this sender. */
  readonly mapping: string;
  readonly user: string;
  readonly groups: readonly string[];
}

export interface ChatSenderIds {
  /** senderStaffId; empty when the platform gave none. */
  readonly staffId: string;
  readonly unionId?: string;
}

export type IdentityResolution =
  | { readonly kind: 'mapped'; readonly identity: KubernetesIdentity }
  | { readonly kind: 'unmapped' }
  /** Several ChatIdentities claim this sender: kubetalk refuses rather than picks one. */
  | { readonly kind: 'conflict'; readonly mappings: readonly string[] };

export interface IdentityClaimConflict {
  /** `staffId` or `unionId`. */
  readonly idType: 'staffId' | 'unionId';
  readonly id: string;
  /** The other ChatIdentities that claim the same id, sorted. */
  readonly others: readonly string[];
}

type IdType = IdentityClaimConflict['idType'];

export class IdentityIndex {
  private readonly byName = new Map<string, ChatIdentity>();
  /** `type:id` → names of the ChatIdentities that claim it. */
  private readonly claims = new Map<string, Set<string>>();

  get size(): number {
    return this.byName.size;
  }

  upsert(identity: ChatIdentity): void {
    this.remove(identity.metadata.name);
    this.byName.set(identity.metadata.name, identity);
    for (const [type, id] of idsOf(identity)) {
      const k = claimKey(type, id);
      const set = this.claims.get(k) ?? new Set<string>();
      set.add(identity.metadata.name);
      this.claims.set(k, set);
    }
  }

  remove(name: string): void {
    const old = this.byName.get(name);
    if (!old) return;
    this.byName.delete(name);
    for (const [type, id] of idsOf(old)) {
      const k = claimKey(type, id);
      const set = this.claims.get(k);
      set?.delete(name);
      if (set?.size === 0) this.claims.delete(k);
    }
  }

  get(name: string): ChatIdentity | undefined {
    return this.byName.get(name);
  }

  names(): string[] {
    return [...this.byName.keys()];
  }

  /**
   * The staff id and the unionId are looked up separately. Any id claimed by several mappings, or the two ids
   * pointing at different mappings, is a conflict: who this person is in Kubernetes is then not decided.
   */
  resolve(sender: ChatSenderIds): IdentityResolution {
    const found = new Set<string>();
    const lookups: Array<[IdType, string]> = [['staffId', sender.staffId]];
    if (sender.unionId) lookups.push(['unionId', sender.unionId]);
    for (const [type, id] of lookups) {
      if (id === '') continue;
      for (const name of this.claims.get(claimKey(type, id)) ?? []) found.add(name);
    }
    if (found.size === 0) return { kind: 'unmapped' };
    if (found.size > 1) return { kind: 'conflict', mappings: [...found].sort() };
    const [name] = [...found] as [string];
    const spec = (this.byName.get(name) as ChatIdentity).spec;
    return { kind: 'mapped', identity: { mapping: name, user: spec.user, groups: spec.groups ?? [] } };
  }

  /** Every id of this ChatIdentity that another one claims too (what its status reports). */
  conflictsFor(name: string): IdentityClaimConflict[] {
    const identity = this.byName.get(name);
    if (!identity) return [];
    const out: IdentityClaimConflict[] = [];
    for (const [idType, id] of idsOf(identity)) {
      const others = [...(this.claims.get(claimKey(idType, id)) ?? [])].filter((n) => n !== name).sort();
      if (others.length > 0) out.push({ idType, id, others });
    }
    return out;
  }
}

function claimKey(type: IdType, id: string): string {
  return `${type}:${id}`;
}

function idsOf(identity: ChatIdentity): Array<[IdType, string]> {
  return [
    ...(identity.spec.staffIds ?? []).map((id): [IdType, string] => ['staffId', id]),
    ...(identity.spec.unionIds ?? []).map((id): [IdType, string] => ['unionId', id]),
  ];
}
