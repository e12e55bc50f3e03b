import { BlockList, isIPv4, isIPv6 } from "node:net";

/**
 * Who may open the admin console: a list of addresses and CIDR blocks (IPv4 and IPv6), such as
 * "203.0.113.7, 198.51.100.0/24, 2001:db8::/48". Read by infra at deploy time, so a typo fails the
 * deploy, and by the gate in front of the console at run time. An empty list lets nobody in.
 */
export function parseAddressList(text: string): string[] {
  const entries = text
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  for (const entry of entries) addEntry(new BlockList(), entry);
  return entries;
}

export function addressFilter(entries: readonly string[]): (address: string) => boolean {
  const allowed = new BlockList();
  for (const entry of entries) addEntry(allowed, entry);
  return (address) => {
    const family = isIPv4(address) ? "ipv4" : isIPv6(address) ? "ipv6" : undefined;
    return family !== undefined && allowed.check(address, family);
  };
}

function addEntry(list: BlockList, entry: string): void {
  const [address = "", prefix, extra] = entry.split("/");
  const family = isIPv4(address) ? "ipv4" : isIPv6(address) ? "ipv6" : undefined;
  const bits = prefix === undefined ? undefined : Number(prefix);
  const maxBits = family === "ipv4" ? 32 : 128;
  if (
    !family ||
    extra !== undefined ||
    (bits !== undefined && !(Number.isInteger(bits) && bits >= 0 && bits <= maxBits))
  ) {
    throw new Error(`"${entry}" is not an IP address or CIDR block (GOGH_ADMIN_ALLOWED_IPS).`);
  }
  if (bits === undefined) list.addAddress(address, family);
  else list.addSubnet(address, bits, family);
}
