/**
 * Where a delivery may go (PRODUCT.md §6): unless private delivery is allowed, a URL whose host is, or resolves to, a
 * private, loopback, link-local or metadata address is refused at send time, after DNS resolution, so a name that
 * was public when the endpoint was made and points inside later is still refused.
 */
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from "node:dns"
import { isIP } from "node:net"
import { AddressSafety } from "@patron/domain"

/**
 * Why a destination is refused, naming the address (for the worker's log; the delivery log says only
 * `NoAnswer.refusedPrivate`), or undefined when it may be sent to.
 */
export const refusalOfHost = (hostname: string): string | undefined => {
  const host = hostname.replace(/^\[|\]$/g, "")
  if (isIP(host) === 0) return undefined
  return AddressSafety.isPrivateAddress(host) ? refusal(host, host) : undefined
}

const refusal = (host: string, address: string) =>
  host === address
    ? `refused: ${address} is a private, loopback, link-local or metadata address`
    : `refused: ${host} resolves to ${address}, a private, loopback, link-local or metadata address`

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | ReadonlyArray<LookupAddress>,
  family?: number
) => void

/** A `lookup` for sockets that resolves a name and refuses it when any of its addresses is private. */
export const guardedLookup = (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error !== null) return callback(error, [])
    const blocked = addresses.find((entry) => AddressSafety.isPrivateAddress(entry.address))
    if (blocked !== undefined) {
      const refused: NodeJS.ErrnoException = new Error(refusal(hostname, blocked.address))
      refused.code = "EPATRONREFUSED"
      return callback(refused, [])
    }
    const first = addresses[0]
    if (options.all === true || first === undefined) return callback(null, addresses)
    return callback(null, first.address, first.family)
  })
}
