/**
 * Why a request got no answer, told twice: a generic reason for the delivery log, which API callers read and which
 * must not reveal what the worker's network knows (how an internal name resolves, which internal address refused,
 * what a TLS library printed), and the full detail for the worker's own log.
 */

/** What the delivery log says of a destination refused as private, whether by its literal address or its DNS answer. */
export const refusedPrivate = "refused: the destination is a private, loopback, link-local or metadata address"

export interface NoAnswer {
  /** The generic reason recorded in the attempt. */
  readonly reason: string
  /** The error as the network stack gave it, for the worker's log only. */
  readonly detail: string
}

const reasonsByCode: Readonly<Record<string, string>> = {
  EPATRONREFUSED: refusedPrivate,
  ENOTFOUND: "host not found",
  EAI_AGAIN: "host not found",
  EAI_NODATA: "host not found",
  EAI_NONAME: "host not found",
  ECONNREFUSED: "connection refused",
  ECONNRESET: "connection closed before the response",
  EPIPE: "connection closed before the response",
  UND_ERR_SOCKET: "connection closed before the response",
  UND_ERR_CLOSED: "connection closed before the response",
  ETIMEDOUT: "connection timed out",
  UND_ERR_CONNECT_TIMEOUT: "connection timed out",
  EHOSTUNREACH: "host unreachable",
  ENETUNREACH: "host unreachable"
}

const isTlsCode = (code: string) => /^(ERR_SSL_|ERR_TLS_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_)/.test(code)

/** The error's own code, or the first code down its chain of causes. */
const codeOf = (error: unknown): string | undefined => {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code
    if (typeof code === "string") return code
    current = (current as { cause?: unknown }).cause
  }
  return undefined
}

const isTimeout = (name: string, code: string) =>
  name === "TimeoutError" ||
  name === "AbortError" ||
  code === "UND_ERR_HEADERS_TIMEOUT" ||
  code === "UND_ERR_BODY_TIMEOUT"

const reasonOf = (name: string, code: string, timeoutMillis: number): string => {
  if (isTimeout(name, code)) return `timed out after ${timeoutMillis} ms`
  const known = reasonsByCode[code]
  if (known !== undefined) return known
  if (isTlsCode(code)) return "TLS handshake failed"
  if (name === "HTTPParserError") return "the response is not valid HTTP"
  return "the request failed"
}

/** Why a request that failed before or while the receiver answered did not get its answer. */
export const describe = (error: unknown, timeoutMillis: number): NoAnswer => {
  if (!(error instanceof Error)) return { reason: reasonOf("", "", timeoutMillis), detail: String(error) }
  const code = codeOf(error) ?? ""
  const detail = `${error.name}${code === "" ? "" : ` ${code}`}: ${error.message}`
  return { reason: reasonOf(error.name, code, timeoutMillis), detail }
}
