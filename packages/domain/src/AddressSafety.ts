/**
 * Which IP addresses a webhook may be delivered to (PRODUCT.md §6): loopback, private, link-local (the cloud metadata
 * service at 169.254.169.254) and other non-public ranges are refused unless private delivery is allowed, so an
 * endpoint URL cannot reach into Patron's own network (SSRF). The worker checks every address a host resolves to.
 */
import { Option, Schema } from "effect"

/** The kind of range an address falls in; only `public` addresses are safe to deliver to. */
export const AddressRange = Schema.Literals([
  "public",
  "unspecified",
  "loopback",
  "private",
  "linkLocal",
  "uniqueLocal",
  "sharedAddressSpace",
  "multicast",
  "broadcast",
  "reserved"
])
export type AddressRange = typeof AddressRange.Type

type Range<A> = readonly [base: A, prefixLength: number, range: AddressRange]

// RFC 6890 special-purpose IPv4 ranges; the first match wins.
const ipv4Ranges: ReadonlyArray<Range<string>> = [
  ["0.0.0.0", 8, "unspecified"],
  ["10.0.0.0", 8, "private"],
  ["100.64.0.0", 10, "sharedAddressSpace"],
  ["127.0.0.0", 8, "loopback"],
  ["169.254.0.0", 16, "linkLocal"],
  ["172.16.0.0", 12, "private"],
  ["192.0.0.0", 24, "reserved"],
  ["192.0.2.0", 24, "reserved"],
  ["192.88.99.0", 24, "reserved"],
  ["192.168.0.0", 16, "private"],
  ["198.18.0.0", 15, "reserved"],
  ["198.51.100.0", 24, "reserved"],
  ["203.0.113.0", 24, "reserved"],
  ["224.0.0.0", 4, "multicast"],
  ["255.255.255.255", 32, "broadcast"],
  ["240.0.0.0", 4, "reserved"]
]

const ipv4Pattern = /^(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})$/

/** A dotted-quad IPv4 address as a 32-bit number; leading zeros (octal in some parsers) are not accepted. */
const parseIpv4 = (text: string): Option.Option<number> => {
  const parts = ipv4Pattern.exec(text)?.slice(1).map(Number)
  if (parts === undefined || parts.some((part) => part > 255)) return Option.none()
  return Option.some(parts.reduce((address, part) => address * 256 + part, 0))
}

const ipv4Numbers = ipv4Ranges.map(
  ([base, bits, range]): Range<number> => [Option.getOrThrow(parseIpv4(base)), bits, range]
)

const classifyIpv4 = (address: number): AddressRange => {
  for (const [base, bits, range] of ipv4Numbers) {
    const size = 2 ** (32 - bits)
    if (Math.floor(address / size) === Math.floor(base / size)) return range
  }
  return "public"
}

/** An IPv6 address (optionally in brackets, with a zone or an embedded dotted quad) as a 128-bit number. */
const parseIpv6 = (text: string): Option.Option<bigint> => {
  let rest = text.startsWith("[") && text.endsWith("]") ? text.slice(1, -1) : text
  rest = rest.split("%")[0] ?? ""
  const groups: Array<number> = []
  const lastColon = rest.lastIndexOf(":")
  const tail = rest.slice(lastColon + 1)
  if (tail.includes(".")) {
    const ipv4 = parseIpv4(tail)
    if (Option.isNone(ipv4)) return Option.none()
    rest = `${rest.slice(0, lastColon + 1)}${(ipv4.value >>> 16).toString(16)}:${(ipv4.value & 0xffff).toString(16)}`
  }
  const halves = rest.split("::")
  if (halves.length > 2) return Option.none()
  const toGroups = (part: string | undefined) => (part === undefined || part === "" ? [] : part.split(":"))
  const head = toGroups(halves[0])
  const back = toGroups(halves[1])
  const missing = 8 - head.length - back.length
  if (halves.length === 2 ? missing < 1 : missing !== 0) return Option.none()
  for (const group of [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill("0"), ...back]) {
    if (!/^[0-9A-Fa-f]{1,4}$/.test(group)) return Option.none()
    groups.push(Number.parseInt(group, 16))
  }
  return Option.some(groups.reduce((address, group) => (address << 16n) | BigInt(group), 0n))
}

const inIpv6 = (address: bigint, base: string, bits: number) => {
  const shift = BigInt(128 - bits)
  return address >> shift === Option.getOrThrow(parseIpv6(base)) >> shift
}
const embeddedIpv4 = (address: bigint, shift: bigint) => Number((address >> shift) & 0xffffffffn)

const classifyIpv6 = (address: bigint): AddressRange => {
  if (address === 0n) return "unspecified"
  if (address === 1n) return "loopback"
  // IPv4-mapped (::ffff:a.b.c.d) and NAT64 (64:ff9b::a.b.c.d) reach the IPv4 address they carry; so does 6to4.
  if (inIpv6(address, "::ffff:0:0", 96) || inIpv6(address, "64:ff9b::", 96))
    return classifyIpv4(embeddedIpv4(address, 0n))
  if (inIpv6(address, "2002::", 16)) return classifyIpv4(embeddedIpv4(address, 80n))
  if (inIpv6(address, "64:ff9b:1::", 48)) return "private"
  if (inIpv6(address, "fc00::", 7)) return "uniqueLocal"
  if (inIpv6(address, "fe80::", 10)) return "linkLocal"
  if (inIpv6(address, "fec0::", 10)) return "private"
  if (inIpv6(address, "ff00::", 8)) return "multicast"
  // Teredo tunnels and documentation prefixes; outside 2000::/3 nothing is assigned as global unicast.
  if (inIpv6(address, "2001::", 32) || inIpv6(address, "2001:db8::", 32) || inIpv6(address, "3fff::", 20)) {
    return "reserved"
  }
  return inIpv6(address, "2000::", 3) ? "public" : "reserved"
}

/** The range an IPv4 or IPv6 literal falls in; None when the text is not an IP address. */
export const classify = (ip: string): Option.Option<AddressRange> => {
  const ipv4 = parseIpv4(ip)
  if (Option.isSome(ipv4)) return Option.some(classifyIpv4(ipv4.value))
  return Option.map(parseIpv6(ip), classifyIpv6)
}

/** Whether the text is an IP address outside the public ranges (false for text that is not an IP address). */
export const isPrivateAddress = (ip: string): boolean => Option.exists(classify(ip), (range) => range !== "public")

/** Whether the text is a public IP address: the fail-closed check for resolved addresses. */
export const isPublicAddress = (ip: string): boolean => Option.exists(classify(ip), (range) => range === "public")
