// The port for "run once across replicas": a claim per delivery, decided by a shared store (the API server in
// src/coordination), never by process memory.

export type ClaimResult = 'claimed' | 'duplicate' | 'replayed' | 'unavailable';

export interface MessageClaimStore {
  /**
   * Claims a delivery: its msgId must be new, and its (timestamp, sign) pair must not have carried other bytes.
   * 'unavailable' means the store could not be asked; the caller must not run the command then.
   * `keepUntil` (epoch ms: the signed timestamp + the signature window + a margin) is the earliest the claims may
   * expire, so a replica whose clock runs behind cannot shorten a claim below the signature's own life.
   */
  claim(msgId: string, signature: string, bodyDigest: string, keepUntil?: number): Promise<ClaimResult>;
}
