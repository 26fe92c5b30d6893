import { classifyAddress, refusalReason } from './webhook-address.js';

/**
 * Why a fleet address is refused, or null when it may be called: the same policy as webhooks (link-local and
 * cloud metadata never, IPv6 forms carrying such an IPv4 address included; loopback and private ranges only
 * with `allowPrivate`, as for an on-prem fleet controller).
 */
export function refusedAddress(ip: string, allowPrivate: boolean): string | null {
  return refusalReason(classifyAddress(ip), { allowPrivate });
}
