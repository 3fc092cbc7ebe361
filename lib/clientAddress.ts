import { BlockList, isIP } from 'node:net';

/**
 * Who is on the other end of a request. The socket's address, unless it belongs to one of the
 * reverse proxies named in TRUSTED_PROXIES: then X-Forwarded-For is read from the right, skipping
 * hops added by trusted proxies, and the first untrusted hop is the client. Hops further left were
 * written by the client itself and are never believed.
 */

/** `::ffff:10.0.0.1` (an IPv4 client on a dual-stack socket) is 10.0.0.1. */
export function normaliseAddress(address: string): string {
  const a = address.trim().replace(/^\[(.*)\]$/, '$1');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(a);
  return (mapped ? mapped[1]! : a).toLowerCase();
}

/** An address (`10.0.0.1`, `::1`) or a range (`10.0.0.0/8`): the forms TRUSTED_PROXIES accepts. */
export function isProxyEntry(entry: string): boolean {
  const [address, bits, ...rest] = entry.trim().split('/');
  if (rest.length > 0 || !address) return false;
  const family = isIP(normaliseAddress(address));
  if (family === 0) return false;
  if (bits === undefined) return true;
  if (!/^\d{1,3}$/.test(bits)) return false;
  return Number(bits) <= (family === 4 ? 32 : 128);
}

export type AddressResolver = (socketAddress: string | undefined, forwardedFor: string | string[] | undefined) => string | null;

/** Builds the resolver once for the configured proxies (entries already checked by lib/env.ts). */
export function clientAddressResolver(trustedProxies: readonly string[]): AddressResolver {
  const trusted = new BlockList();
  for (const entry of trustedProxies) {
    const [address, bits] = entry.trim().split('/');
    const a = normaliseAddress(address!);
    const type = isIP(a) === 6 ? 'ipv6' : 'ipv4';
    if (bits === undefined) trusted.addAddress(a, type);
    else trusted.addSubnet(a, Number(bits), type);
  }
  const isTrusted = (a: string) => {
    const family = isIP(a);
    return family !== 0 && trusted.check(a, family === 6 ? 'ipv6' : 'ipv4');
  };
  return (socketAddress, forwardedFor) => {
    if (!socketAddress) return null;
    let client = normaliseAddress(socketAddress);
    if (trustedProxies.length === 0 || !isTrusted(client)) return client;
    const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : (forwardedFor ?? '')).split(',');
    for (let i = hops.length - 1; i >= 0 && isTrusted(client); i--) {
      const hop = normaliseAddress(hops[i]!);
      // Garbage from a proxy: keep the last address that was certainly real.
      if (isIP(hop) === 0) break;
      client = hop;
    }
    return client;
  };
}

/**
 * The client address of a request inside the app. The server (scripts/server-preload.ts,
 * loaded by `npm start`) replaces whatever X-Forwarded-For the request arrived with by the one
 * address resolved above, before Next.js or better-auth see it.
 */
export function requestAddress(headers: Headers | undefined | null): string | null {
  const v = headers?.get('x-forwarded-for')?.split(',')[0]?.trim();
  return v && isIP(v) !== 0 ? v : null;
}
