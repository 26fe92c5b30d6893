import { BlockList, isIPv4, isIPv6 } from 'node:net';

/** vigil.yaml `auth.proxy`: a reverse proxy that has authenticated the user and names them in a header. */
export interface TrustedProxySettings {
  header: string;
  /** Addresses or CIDR ranges the proxy connects from. */
  trustedAddresses: readonly string[];
}

export interface TrustedProxy {
  /** Lower-case header name. */
  header: string;
  trusts(address: string | undefined): boolean;
}

/** An IPv4 client seen on a dual-stack socket (::ffff:127.0.0.1) is the IPv4 address. */
const plainAddress = (address: string): string => (/^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(address) ? address.slice(7) : address);

export function trustedProxy(settings: TrustedProxySettings): TrustedProxy {
  const list = new BlockList();
  for (const entry of settings.trustedAddresses) {
    const [address = '', prefix] = entry.split('/');
    const type = isIPv6(address) ? 'ipv6' : 'ipv4';
    if (prefix === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(prefix), type);
  }
  return {
    header: settings.header.toLowerCase(),
    trusts(address) {
      if (!address) return false;
      const plain = plainAddress(address);
      if (isIPv4(plain)) return list.check(plain, 'ipv4');
      return isIPv6(plain) && list.check(plain, 'ipv6');
    },
  };
}
