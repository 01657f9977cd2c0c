import dns from 'node:dns';
import net from 'node:net';

/**
 * Whether an address may be contacted by a check of user-supplied URLs: not private, loopback,
 * link-local, multicast, reserved or documentation space (IPv4 and IPv6, including IPv4 carried
 * inside IPv6), so that a monitored URL cannot be used to reach the internal network.
 */
export function isPublicAddress(address: string): boolean {
  const family = net.isIP(address);
  if (family === 4) return isPublicV4(parseV4(address)!);
  if (family === 6) return isPublicV6(address);
  return false;
}

function parseV4(address: string): number[] | undefined {
  const parts = address.split('.');
  if (parts.length !== 4) return undefined;
  const bytes = parts.map(Number);
  return bytes.every((b) => Number.isInteger(b) && b >= 0 && b <= 255) ? bytes : undefined;
}

function isPublicV4([a, b, c]: number[]): boolean {
  if (a === 0 || a === 10 || a === 127) return false;
  if (a === 100 && b >= 64 && b <= 127) return false; // carrier-grade NAT
  if (a === 169 && b === 254) return false;
  if (a === 172 && b >= 16 && b <= 31) return false;
  if (a === 192 && b === 168) return false;
  if (a === 192 && b === 0 && (c === 0 || c === 2)) return false;
  if (a === 198 && (b === 18 || b === 19)) return false; // benchmarking
  if (a === 198 && b === 51 && c === 100) return false;
  if (a === 203 && b === 0 && c === 113) return false;
  if (a >= 224) return false; // multicast, reserved, broadcast
  return true;
}

/** Eight 16-bit groups of an IPv6 address (zone id dropped), or undefined when malformed. */
export function parseV6(address: string): number[] | undefined {
  let text = address.split('%')[0]!.toLowerCase();
  if (text.startsWith('[') && text.endsWith(']')) text = text.slice(1, -1);
  const tail: number[] = [];
  const dotted = /:(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const v4 = parseV4(dotted[1]!);
    if (!v4) return undefined;
    tail.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
    text = `${text.slice(0, dotted.index)}:`;
    if (text.endsWith('::')) text = `${text}`;
    else text = text.slice(0, -1);
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const toGroups = (s: string) => (s === '' ? [] : s.split(':').map((g) => Number.parseInt(g, 16)));
  const head = toGroups(halves[0]!);
  const rest = halves.length === 2 ? toGroups(halves[1]!) : [];
  const fill = 8 - head.length - rest.length - tail.length;
  if (halves.length === 1 && fill !== 0) return undefined;
  if (fill < 0) return undefined;
  const groups = [...head, ...new Array(halves.length === 2 ? fill : 0).fill(0), ...rest, ...tail];
  if (groups.length !== 8 || groups.some((g) => !Number.isInteger(g) || g < 0 || g > 0xffff)) {
    return undefined;
  }
  return groups;
}

function isPublicV6(address: string): boolean {
  const g = parseV6(address);
  if (!g) return false;
  const embeddedV4 = () => [g[6]! >> 8, g[6]! & 0xff, g[7]! >> 8, g[7]! & 0xff];
  const zeroUpTo = (n: number) => g.slice(0, n).every((x) => x === 0);
  if (zeroUpTo(8)) return false; // ::
  if (zeroUpTo(7) && g[7] === 1) return false; // ::1
  if (zeroUpTo(5) && g[5] === 0xffff) return isPublicV4(embeddedV4()); // IPv4-mapped
  if (zeroUpTo(6)) return false; // IPv4-compatible (deprecated)
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0)) {
    return isPublicV4(embeddedV4()); // NAT64
  }
  if (g[0] === 0x2002) return isPublicV4([g[1]! >> 8, g[1]! & 0xff, g[2]! >> 8, g[2]! & 0xff]);
  if ((g[0]! & 0xffc0) === 0xfe80) return false; // link-local
  if ((g[0]! & 0xffc0) === 0xfec0) return false; // site-local (deprecated)
  if ((g[0]! & 0xfe00) === 0xfc00) return false; // unique local
  if ((g[0]! & 0xff00) === 0xff00) return false; // multicast
  if (g[0] === 0x2001 && g[1] === 0xdb8) return false; // documentation
  if (g[0] === 0x100 && zeroUpTo(4)) return false; // discard-only
  return true;
}

export class RefusedAddressError extends Error {
  override name = 'RefusedAddressError';
  readonly code = 'ESHOUTU_REFUSED_ADDRESS';
  constructor(
    readonly hostname: string,
    readonly address: string,
  ) {
    super(`${hostname} 解析到内网、回环或保留地址 ${address}，已拒绝访问`);
  }
}

export interface AddressPolicy {
  /** Allow every address (the CLI's --allow-private). */
  allowPrivate: boolean;
  /**
   * Hostnames, literal addresses or CIDR ranges (`10.0.0.0/8`) an administrator has allowed
   * regardless of address.
   */
  allowHosts?: readonly string[];
}

export function addressAllowed(policy: AddressPolicy, hostname: string, address: string): boolean {
  if (policy.allowPrivate) return true;
  if (policy.allowHosts?.includes(hostname.toLowerCase())) return true;
  if (policy.allowHosts && inAllowedRange(policy.allowHosts, address)) return true;
  return isPublicAddress(address);
}

const ranges = new WeakMap<readonly string[], net.BlockList>();

/**
 * Whether an address lies in one of the CIDR ranges (`10.1.0.0/16`, `fd00::/8`) among the allowed
 * hosts: operators allow a whole intranet segment rather than list every host of it.
 */
function inAllowedRange(allowHosts: readonly string[], address: string): boolean {
  let list = ranges.get(allowHosts);
  if (!list) {
    list = new net.BlockList();
    for (const entry of allowHosts) {
      const m = /^(.+)\/(\d{1,3})$/.exec(entry);
      const family = m ? net.isIP(m[1]!) : 0;
      const prefix = m ? Number(m[2]) : -1;
      if (family === 4 && prefix <= 32) list.addSubnet(m![1]!, prefix, 'ipv4');
      if (family === 6 && prefix <= 128) list.addSubnet(m![1]!, prefix, 'ipv6');
    }
    ranges.set(allowHosts, list);
  }
  const family = net.isIP(address);
  if (family === 0) return false;
  return list.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | dns.LookupAddress[],
  family?: number,
) => void;

/**
 * A `lookup` for net/tls connect that resolves, drops refused addresses and hands the socket only
 * checked ones, so the address connected to is the address checked (no DNS-rebinding window).
 */
export function guardedLookup(policy: AddressPolicy) {
  return (hostname: string, options: dns.LookupOptions, callback: LookupCallback): void => {
    dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) {
        callback(error, '');
        return;
      }
      const allowed = addresses.filter((a) => addressAllowed(policy, hostname, a.address));
      if (allowed.length === 0) {
        callback(new RefusedAddressError(hostname, addresses[0]?.address ?? '?'), '');
        return;
      }
      if (options.all) callback(null, allowed);
      else callback(null, allowed[0]!.address, allowed[0]!.family);
    });
  };
}

/**
 * Checks a hostname before a request is made: literal addresses (which never reach `lookup`) and
 * names whose every address is refused. Throws RefusedAddressError; DNS errors propagate.
 */
export async function assertHostAllowed(policy: AddressPolicy, hostname: string): Promise<void> {
  const bare = hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
  if (net.isIP(bare)) {
    if (!addressAllowed(policy, bare, bare)) throw new RefusedAddressError(bare, bare);
    return;
  }
  if (policy.allowPrivate) return;
  const addresses = await dns.promises.lookup(bare, { all: true });
  const allowed = addresses.filter((a) => addressAllowed(policy, bare, a.address));
  if (allowed.length === 0) throw new RefusedAddressError(bare, addresses[0]?.address ?? '?');
}
