// Watches ChatIdentities (cluster-scoped), keeps the identity index current, and (as leader) writes each one's status.
import {
  CustomObjectsApi,
  PatchStrategy,
  setHeaderOptions,
  type KubeConfig,
  type KubernetesListObject,
} from '@kubernetes/client-node';
import { GROUP, VERSION } from '../api/chat-command.ts';
import { IDENTITY_KIND, IDENTITY_PLURAL, type ChatIdentityStatus } from '../api/chat-identity.ts';
import { validateChatIdentity } from '../api/validate-chat-identity.ts';
import { computeIdentityStatus, identityStatusEquals } from '../authz/compute-identity-status.ts';
import type { IdentityIndex } from '../authz/identity-index.ts';
import { makeDeadlineClient } from '../kube/deadline-client.ts';
import type { Logger } from '../log/logger.ts';
import { createStatusPass } from './status-pass.ts';
import { startResilientInformer, type ResilientInformer } from './resilient-informer.ts';
import { apiStatusCode } from '../kube/api-status.ts';

export interface ChatIdentityControllerOptions {
  readonly kc: KubeConfig;
  readonly index: IdentityIndex;
  readonly log: Logger;
  readonly isLeader: () => boolean;
  readonly resyncIntervalMs: number;
  readonly debounceMs?: number;
  readonly onRestart?: () => void;
}

export interface ChatIdentityController {
  readonly synced: Promise<void>;
  isSynced(): boolean;
  reconcileSoon(): void;
  stop(): Promise<void>;
}

type RawIdentity = {
  metadata: { name: string; generation?: number };
  status?: ChatIdentityStatus;
} & Record<string, unknown>;

interface Seen {
  readonly raw: RawIdentity;
  readonly problems: readonly string[];
}

export function startChatIdentityController(opts: ChatIdentityControllerOptions): ChatIdentityController {
  const log = opts.log.child({ component: 'identities' });
  const custom = makeDeadlineClient(opts.kc, CustomObjectsApi, 30_000);
  const seen = new Map<string, Seen>();

  const onUpsert = (raw: RawIdentity): void => {
    const name = raw.metadata.name;
    const result = validateChatIdentity({ apiVersion: `${GROUP}/${VERSION}`, kind: IDENTITY_KIND, ...raw });
    if (result.ok) {
      opts.index.upsert(result.identity);
      seen.set(name, { raw, problems: [] });
    } else {
      // An invalid object must not keep an older, valid version of itself in force.
      opts.index.remove(name);
      seen.set(name, { raw, problems: result.problems });
      log.warn('ChatIdentity is invalid and maps nobody', { identity: name, problems: result.problems });
    }
    reconcileSoon();
  };
  const onDelete = (raw: RawIdentity): void => {
    opts.index.remove(raw.metadata.name);
    seen.delete(raw.metadata.name);
    reconcileSoon();
  };

  const informer: ResilientInformer = startResilientInformer<RawIdentity>({
    kc: opts.kc,
    path: `/apis/${GROUP}/${VERSION}/${IDENTITY_PLURAL}`,
    list: async () =>
      (await custom.listClusterCustomObject({
        group: GROUP,
        version: VERSION,
        plural: IDENTITY_PLURAL,
      })) as KubernetesListObject<RawIdentity>,
    handlers: { onUpsert, onDelete, onRestart: () => opts.onRestart?.() },
    log,
  });

  async function reconcileAll(): Promise<void> {
    if (!opts.isLeader()) return;
    for (const [name, { raw, problems }] of [...seen]) {
      if (pass.stopped) return;
      const desired = computeIdentityStatus(
        {
          generation: raw.metadata.generation ?? 0,
          previous: raw.status,
          problems,
          conflicts: problems.length === 0 ? opts.index.conflictsFor(name) : [],
          user: opts.index.get(name)?.spec.user,
        },
        new Date(),
      );
      if (identityStatusEquals(raw.status, desired)) continue;
      try {
        await custom.patchClusterCustomObjectStatus(
          { group: GROUP, version: VERSION, plural: IDENTITY_PLURAL, name, body: { status: desired } },
          setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
        );
        log.info('status updated', { identity: name, ready: desired.conditions?.[0]?.reason });
      } catch (err) {
        const code = apiStatusCode(err);
        if (code === 404) continue;
        log.warn('status write failed; will retry', { identity: name, err });
        pass.retryLater();
      }
    }
  }

  const pass = createStatusPass(reconcileAll, {
    log,
    ...(opts.debounceMs !== undefined ? { debounceMs: opts.debounceMs } : {}),
  });
  const reconcileSoon = (): void => pass.soon();

  // A failed write or a leadership change sends no event; the resync pass catches up.
  const resync = setInterval(reconcileSoon, opts.resyncIntervalMs);
  resync.unref();

  return {
    synced: informer.synced,
    isSynced: () => informer.isSynced(),
    reconcileSoon,
    stop: async () => {
      pass.stop();
      clearInterval(resync);
      await informer.stop();
    },
  };
}
