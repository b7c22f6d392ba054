// Sorts an IP address into the kinds an outbound webhook must not reach by default (loopback, private, …) (pure).
import { BlockList, isIP } from 'node:net';

export type AddressKind =
  'loopback' | 'private' | 'link-local' | 'unspecified' | 'multicast' | 'reserved' | 'cluster' | 'public';

type Ranges = ReadonlyArray<readonly [string, number]>;

/** IPv4 ranges by kind; 100.64/10 (carrier-grade NAT) is where many clusters put pods and services. */
const V4: Readonly<Record<Exclude<AddressKind, 'public' | 'cluster'>, Ranges>> = {
  loopback: [['127.0.0.0', 8]],
  private: [
    ['10.0.0.0', 8],
    ['172.16.0.0', 12],
    ['192.168.0.0', 16],
    ['100.64.0.0', 10],
  ],
  'link-local': [['169.254.0.0', 16]],
  unspecified: [['0.0.0.0', 8]],
  multicast: [['224.0.0.0', 4]],
  reserved: [
    ['240.0.0.0', 4],
    ['192.0.0.0', 24],
    ['198.18.0.0', 15],
  ],
};

const V6: Readonly<Record<Exclude<AddressKind, 'public' | 'cluster'>, Ranges>> = {
  loopback: [['::1', 128]],
  private: [['fc00::', 7]],
  'link-local': [['fe80::', 10]],
  unspecified: [['::', 128]],
  multicast: [['ff00::', 8]],
  reserved: [['2001:db8::', 32]],
};

function buildLists(): Map<AddressKind, BlockList> {
  const lists = new Map<AddressKind, BlockList>();
  for (const kind of Object.keys(V4) as Array<keyof typeof V4>) {
    const list = new BlockList();
    for (const [net, prefix] of V4[kind]) list.addSubnet(net, prefix, 'ipv4');
    for (const [net, prefix] of V6[kind]) list.addSubnet(net, prefix, 'ipv6');
    lists.set(kind, list);
  }
  return lists;
}

const LISTS = buildLists();

/** The IPv4 address inside an IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible or NAT64 (64:ff9b::/96) IPv6 address. */
export function embeddedIpv4(address: string): string | undefined {
  const lower = address.toLowerCase();
  const dotted = /^(?:::ffff:|::|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted?.[1] && isIP(dotted[1]) === 4) return dotted[1];
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (!hex) return undefined;
  const hi = parseInt(hex[1] ?? '0', 16);
  const lo = parseInt(hex[2] ?? '0', 16);
  return [hi >> 8, hi & 255, lo >> 8, lo & 255].join('.');
}

/**
 * The kind of `address` (an IP literal). `clusterCidrs` are the cluster's pod and service ranges, given by the
 * operator; an address in them is `cluster` even when it is otherwise public.
 */
export function classifyAddress(address: string, clusterCidrs: readonly string[] = []): AddressKind {
  const family = isIP(address);
  if (family === 0) throw new Error(`not an IP address: ${address}`);
  const inner = family === 6 ? embeddedIpv4(address) : undefined;
  if (inner !== undefined) return classifyAddress(inner, clusterCidrs);
  const type = family === 4 ? 'ipv4' : 'ipv6';
  if (clusterCidrs.length > 0) {
    const cluster = new BlockList();
    for (const cidr of clusterCidrs) {
      const [net = '', prefix = ''] = cidr.split('/');
      const netFamily = isIP(net);
      if (netFamily !== 0) cluster.addSubnet(net, Number(prefix), netFamily === 4 ? 'ipv4' : 'ipv6');
    }
    if (cluster.check(address, type)) return 'cluster';
  }
  for (const [kind, list] of LISTS) if (list.check(address, type)) return kind;
  return 'public';
}

/** Host names that only mean something inside a cluster or a LAN: never resolved for a webhook unless allowed. */
export function isClusterInternalName(host: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  return (
    !h.includes('.') ||
    h.endsWith('.svc') ||
    h.endsWith('.cluster.local') ||
    h.endsWith('.local') ||
    h.endsWith('.internal') ||
    h === 'localhost' ||
    h.endsWith('.localhost')
  );
}
