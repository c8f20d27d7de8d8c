import { isForbiddenAddress } from './webhook-addresses';

describe('webhook address rules', () => {
  it.each([
    ['loopback', '127.0.0.1'],
    ['loopback, anywhere in 127/8', '127.255.0.9'],
    ['IPv6 loopback', '::1'],
    ['the unspecified address', '0.0.0.0'],
    ['"this network"', '0.1.2.3'],
    ['IPv6 unspecified', '::'],
    ['RFC 1918 10/8', '10.0.0.5'],
    ['RFC 1918 172.16/12', '172.31.255.254'],
    ['RFC 1918 192.168/16', '192.168.1.1'],
    ['carrier-grade NAT', '100.64.0.1'],
    ['carrier-grade NAT, top', '100.127.255.255'],
    ['link-local', '169.254.10.20'],
    ['the metadata service', '169.254.169.254'],
    ['the IPv6 metadata service', 'fd00:ec2::254'],
    ['unique local', 'fc00::1'],
    ['unique local fd', 'fdff:ffff::1'],
    ['IPv6 link-local', 'fe80::1'],
    ['IPv6 link-local with a zone', 'fe80::1%eth0'],
    ['multicast', '224.0.0.1'],
    ['multicast, top', '239.255.255.250'],
    ['IPv6 multicast', 'ff02::1'],
    ['broadcast', '255.255.255.255'],
    ['reserved 240/4', '240.0.0.1'],
    ['documentation', '192.0.2.10'],
    ['benchmarking', '198.18.0.1'],
    ['IPv4-mapped loopback', '::ffff:127.0.0.1'],
    ['IPv4-mapped loopback, hex', '::ffff:7f00:1'],
    ['IPv4-mapped private', '::ffff:10.1.2.3'],
    ['IPv4-mapped metadata', '::ffff:169.254.169.254'],
    ['IPv4-mapped CGNAT', '::ffff:100.64.1.1'],
    ['IPv4-compatible loopback', '::127.0.0.1'],
    ['NAT64 of a private address', '64:ff9b::10.0.0.1'],
    ['6to4 of loopback', '2002:7f00:1::1'],
    ['6to4 of a private address', '2002:c0a8:101::'],
    ['Teredo', '2001:0:4136:e378:8000:63bf:3fff:fdd2'],
    ['a bracketed IPv6 literal', '[::1]'],
    ['not an address', 'localhost'],
    ['empty', ''],
  ])('refuses %s (%s)', (_label, address) => {
    expect(isForbiddenAddress(address)).toBe(true);
  });

  it.each([
    ['a public IPv4 address', '93.184.216.34'],
    ['just below 10/8', '9.255.255.255'],
    ['just above 10/8', '11.0.0.1'],
    ['just outside 172.16/12', '172.32.0.1'],
    ['just below CGNAT', '100.63.255.255'],
    ['just above CGNAT', '100.128.0.1'],
    ['just outside link-local', '169.255.0.1'],
    ['a public address just below multicast', '223.255.255.254'],
    ['a public IPv6 address', '2606:2800:220:1:248:1893:25c8:1946'],
    ['IPv4-mapped public', '::ffff:93.184.216.34'],
    ['NAT64 of a public address', '64:ff9b::5db8:d822'],
    ['6to4 of a public address', '2002:5db8:d822::1'],
    ['a bracketed public IPv6 literal', '[2606:4700:4700::1111]'],
  ])('allows %s (%s)', (_label, address) => {
    expect(isForbiddenAddress(address)).toBe(false);
  });
});
