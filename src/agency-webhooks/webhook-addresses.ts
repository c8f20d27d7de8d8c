import { BlockList, isIP } from 'node:net';

/**
 * Where an agency's webhook may not go: anything but the public internet. The URL is the agency's
 * choice and the worker sits inside our network, so without these rules a webhook could reach
 * the cloud metadata service, the database or an admin port (server-side request forgery).
 */
const IPV4_RULES: ReadonlyArray<readonly [network: string, prefix: number]> = [
  ['0.0.0.0', 8], // "this network", including 0.0.0.0 (which reaches the local host)
  ['10.0.0.0', 8], // private (RFC 1918)
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, including the metadata service 169.254.169.254
  ['172.16.0.0', 12], // private (RFC 1918)
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.88.99.0', 24], // 6to4 relays
  ['192.168.0.0', 16], // private (RFC 1918)
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, and the broadcast address
];

const IPV6_RULES: ReadonlyArray<readonly [network: string, prefix: number]> = [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['100::', 64], // discard
  ['2001::', 32], // Teredo (an IPv4 address hides inside)
  ['2001:db8::', 32], // documentation
  ['64:ff9b:1::', 48], // local-use NAT64
  ['fc00::', 7], // unique local, including the metadata service fd00:ec2::254
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated, still routed by some)
  ['ff00::', 8], // multicast
];

/** The IPv6 forms that carry an IPv4 address: each IPv4 rule holds for the address inside them too. */
const IPV4_IN_IPV6: ReadonlyArray<(network: string, prefix: number) => readonly [string, number]> = [
  (network, prefix) => [`::ffff:${network}`, 96 + prefix], // IPv4-mapped
  (network, prefix) => [`::${network}`, 96 + prefix], // IPv4-compatible (deprecated)
  (network, prefix) => [`64:ff9b::${network}`, 96 + prefix], // NAT64
  (network, prefix) => [`2002:${sixToFourGroups(network)}::`, 16 + prefix], // 6to4
];

function sixToFourGroups(ipv4: string): string {
  const [a, b, c, d] = ipv4.split('.').map(Number);
  return `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
}

const forbidden = new BlockList();
for (const [network, prefix] of IPV4_RULES) {
  forbidden.addSubnet(network, prefix, 'ipv4');
  for (const embed of IPV4_IN_IPV6) forbidden.addSubnet(...embed(network, prefix), 'ipv6');
}
for (const [network, prefix] of IPV6_RULES) forbidden.addSubnet(network, prefix, 'ipv6');

/**
 * True when an IP address is not a public internet address (loopback, private, link-local, CGNAT,
 * metadata, multicast, reserved, or any of these inside an IPv6 address). Anything that is not an
 * IP address at all is refused too: only checked addresses are ever connected to.
 */
export function isForbiddenAddress(address: string): boolean {
  const bare = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  // A zone id (fe80::1%eth0) names an interface: only link-local addresses have one.
  if (bare.includes('%')) return true;
  const family = isIP(bare);
  if (family === 0) return true;
  return forbidden.check(bare, family === 4 ? 'ipv4' : 'ipv6');
}
