/**
 * Who is asking, for the activation form's per-client throttle
 * (domain/rate-limits.ts): the peer address of the connection (the sandbox
 * has no proxy in front, so no forwarding header is trusted). An IPv4 client
 * is its address; an IPv6 client is its /64, because one subscriber usually
 * holds a whole /64 (RFC 6177) and could otherwise take a fresh address, and
 * a fresh throttle, for every guess.
 */
import { isIPv4, isIPv6 } from 'node:net';

export function webClientId(remoteAddress: string | undefined): string {
  if (remoteAddress === undefined) return 'web:unknown';
  const address = remoteAddress.split('%')[0]!.toLowerCase();
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(address)?.[1];
  if (mapped !== undefined && isIPv4(mapped)) return `web:${mapped}`;
  if (isIPv4(address)) return `web:${address}`;
  if (!isIPv6(address)) return 'web:unknown';
  return `web:${ipv6Groups(address).slice(0, 4).join(':')}::/64`;
}

/** The eight 16-bit groups of a valid IPv6 address, in hex without leading zeros. */
function ipv6Groups(address: string): string[] {
  const [head = '', tail] = address.split('::');
  const parts = (text: string) => (text === '' ? [] : text.split(':').flatMap(groupsOf));
  const front = parts(head);
  const back = tail === undefined ? [] : parts(tail);
  const zeros = Array.from({ length: 8 - front.length - back.length }, () => '0');
  return [...front, ...zeros, ...back];
}

/** One group, or the two groups of a trailing dotted IPv4 part (`::1.2.3.4`). */
function groupsOf(part: string): string[] {
  if (!part.includes('.')) return [parseInt(part, 16).toString(16)];
  const [a, b, c, d] = part.split('.').map(Number) as [number, number, number, number];
  return [((a << 8) | b).toString(16), ((c << 8) | d).toString(16)];
}
