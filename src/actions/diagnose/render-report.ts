// A Report as an action outcome: the verdict first, one block per cause (pods + evidence), then what was not known.
import type { UserMessage } from '../../errors.ts';
import { cutAtBytes } from '../log-plan.ts';
import type { ActionOutcome, OutcomeBlock } from '../types.ts';
import { isHealthy } from './build-report.ts';
import type { Finding, Report, Unknown } from './types.ts';

/** Causes shown at most; the rest are counted in the summary. */
export const MAX_FINDINGS = 6;
/** Pod names listed per cause. */
export const MAX_POD_NAMES = 5;
/**
 * Bytes of block text (evidence, log tail) in one reply. DingTalk takes 20,000 bytes of JSON body; this leaves room
 * for headings in Chinese (3 bytes a character), JSON escaping and mentions, so the platform never has to cut.
 */
export const REPORT_TEXT_BYTES = 14_000;

function listPods(pods: readonly string[]): string {
  const shown = pods.slice(0, MAX_POD_NAMES).join(', ');
  return pods.length > MAX_POD_NAMES ? `${shown} (+${pods.length - MAX_POD_NAMES} more)` : shown;
}

function findingBlock(f: Finding): OutcomeBlock {
  const lines = [...(f.pods.length > 0 ? [`pods: ${listPods(f.pods)}`] : []), ...f.evidence];
  return {
    heading: { key: `diagnose.cause.${f.cause}`, params: { ...f.params, pods: f.pods.length } },
    text: lines.length > 0 ? lines.join('\n') : '-',
  };
}

function unknownBlock(u: Unknown): OutcomeBlock {
  switch (u.kind) {
    case 'not-permitted':
      return {
        heading: { key: 'diagnose.unknown.not-permitted', params: { resource: u.resource } },
        text: `403 Forbidden: ${u.resource}`,
      };
    case 'read-failed':
      return {
        heading: { key: 'diagnose.unknown.read-failed', params: { resource: u.resource } },
        text: u.resource,
      };
    case 'events-expired':
      return {
        heading: { key: 'diagnose.unknown.events-expired', params: { state: u.state, count: u.pods.length } },
        text: `pods: ${listPods(u.pods)}`,
      };
    case 'events-truncated':
      return { heading: { key: 'diagnose.unknown.events-truncated' }, text: 'events: first page only' };
  }
}

function summarize(r: Report): UserMessage {
  const { kind, name, namespace } = r.workload;
  const params = {
    kind: kind.toLowerCase(),
    name,
    namespace,
    ready: r.replicas.ready,
    desired: r.replicas.desired,
    pods: r.podCount,
  };
  if (isHealthy(r)) return { key: 'diagnose.healthy', params };
  if (r.findings.length === 0) return { key: 'diagnose.undetermined', params };
  return { key: 'diagnose.found', params: { ...params, count: r.findings.length } };
}

/** Keeps blocks while their text fits the budget; the log tail is cut to what is left. */
function fitBlocks(blocks: readonly OutcomeBlock[], budget: number): OutcomeBlock[] {
  const out: OutcomeBlock[] = [];
  let left = budget;
  for (const b of blocks) {
    const size = Buffer.byteLength(b.text, 'utf8');
    if (size <= left) {
      out.push(b);
      left -= size;
    } else if (left > 200) {
      out.push({ ...b, text: `${cutAtBytes(b.text, left - 1).text}…` });
      left = 0;
    }
  }
  return out;
}

export function renderReport(r: Report): ActionOutcome {
  const findings = r.findings.slice(0, MAX_FINDINGS).map(findingBlock);
  const unknowns = r.unknowns.map(unknownBlock);
  const log: OutcomeBlock[] = r.log
    ? [
        {
          heading: {
            key: r.log.cut ? 'diagnose.log-cut' : 'diagnose.log',
            params: { pod: r.log.pod, container: r.log.container },
          },
          text: r.log.text,
        },
      ]
    : [];
  // The headline cause and the log that explains it first, then what could not be determined, then further causes.
  const [head, ...rest] = findings;
  const ordered = [...(head ? [head] : []), ...log, ...unknowns, ...rest];
  // Like `status` for a failed rollout: the read worked, but the reply shows ❌ while the workload is not healthy.
  return { ok: isHealthy(r), summary: summarize(r), blocks: fitBlocks(ordered, REPORT_TEXT_BYTES) };
}
