// Whether a URL host (as the WHATWG parser canonicalises it) is an IP literal outside the public internet.

/** [first address, prefix length] of IPv4 ranges that are not public unicast (RFC 6890 and friends). */
const IPV4_SPECIAL: ReadonlyArray<readonly [string, number]> = [
  ['0.0.0.0', 8], // "this network"; 0.0.0.0 reaches the local host on Linux
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, where cloud metadata services live
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, and the broadcast address
];

/**
 * True for IPv4 and IPv6 literals that point into loopback, private, link-local, carrier NAT, multicast or
 * reserved space, including IPv4 addresses embedded in IPv6 (mapped ::ffff:a.b.c.d, NAT64 64:ff9b::).
 * The host must come from `new URL(…).hostname`: that parser has already turned decimal (2130706433), octal
 * (0177.0.0.1), hex and short (127.1) forms into dotted quads, so only canonical forms need recognising here.
 * No DNS lookup is made: names are judged only by the allowed-hosts list.
 */
export function isPrivateAddress(hostname: string): boolean {
  if (hostname.startsWith('[') && hostname.endsWith(']')) return isPrivateIpv6(hostname.slice(1, -1));
  const v4 = parseIpv4(hostname);
  return v4 !== undefined && isPrivateIpv4(v4);
}

function parseIpv4(text: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return undefined;
  return parts.reduce((acc, p) => acc * 256 + p, 0);
}

function isPrivateIpv4(address: number): boolean {
  return IPV4_SPECIAL.some(([base, bits]) => {
    const start = parseIpv4(base) ?? 0;
    const size = 2 ** (32 - bits);
    return address >= start && address < start + size;
  });
}

/** Eight 16-bit groups of a canonical IPv6 literal (the URL parser never leaves a dotted tail). */
function ipv6Groups(text: string): number[] | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const parse = (s: string): number[] => (s === '' ? [] : s.split(':').map((g) => parseInt(g, 16)));
  const head = parse(halves[0] ?? '');
  const tail = halves.length === 2 ? parse(halves[1] ?? '') : [];
  const fill = 8 - head.length - tail.length;
  if (fill < 0 || (halves.length === 1 && fill !== 0)) return undefined;
  const groups = [...head, ...new Array<number>(fill).fill(0), ...tail];
  return groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : undefined;
}

function isPrivateIpv6(text: string): boolean {
  const g = ipv6Groups(text.toLowerCase());
  // Something the URL parser accepted but we cannot read is treated as private: refusing is the safe side.
  if (g === undefined) return true;
  const [a = 0, b = 0] = g;
  const embeddedV4 = (g[6] ?? 0) * 65_536 + (g[7] ?? 0);
  const zeroesUpTo = (n: number): boolean => g.slice(0, n).every((x) => x === 0);
  if (zeroesUpTo(7) && (g[7] === 0 || g[7] === 1)) return true; // :: and ::1
  if (zeroesUpTo(5) && g[5] === 0xffff) return isPrivateIpv4(embeddedV4); // ::ffff:a.b.c.d
  if (zeroesUpTo(6)) return true; // deprecated IPv4-compatible ::a.b.c.d
  if (a === 0x64 && b === 0xff9b && g.slice(2, 6).every((x) => x === 0)) return isPrivateIpv4(embeddedV4);
  if ((a & 0xfe00) === 0xfc00) return true; // unique local fc00::/7
  if ((a & 0xffc0) === 0xfe80) return true; // link-local fe80::/10
  if ((a & 0xff00) === 0xff00) return true; // multicast
  if (a === 0x2001 && b === 0x0db8) return true; // documentation
  return false;
}
