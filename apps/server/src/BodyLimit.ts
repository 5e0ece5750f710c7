/**
 * The limit on request bodies: `PATRON_MAX_BODY_BYTES` (1 MB by default) for every call, or a procedure's own limit
 * from `procedureLimits`. A body declared larger (`Content-Length`) is refused before a byte of it is read; a chunked
 * body is counted as it streams and reading stops once it passes the limit. Either way the answer is 413 and the
 * connection is closed, so memory stays flat whatever a client sends.
 */
import type { IncomingMessage } from "node:http"
import type { Socket } from "node:net"

/**
 * Procedures that may take a larger body than `PATRON_MAX_BODY_BYTES`, in bytes, by procedure path (for example
 * `"usage.recordBatch": 4 * 1_048_576`); a batch holding such a procedure may be as large as its largest limit.
 * Empty today: `usage.recordBatch`'s 1,000 records with ASCII keys take about 250 KB, though 1,000 records with
 * 255-character non-ASCII idempotency keys could pass 1 MB; give it an entry (and a row in README.md "Limits and
 * security") when bulk imports need that.
 */
export const procedureLimits: Readonly<Record<string, number>> = {}

/** The body limit of a request calling `procedures`. */
export const limitFor = (
  procedures: ReadonlyArray<string>,
  defaultLimit: number,
  limits: Readonly<Record<string, number>> = procedureLimits
): number => Math.max(defaultLimit, ...procedures.map((procedure) => limits[procedure] ?? defaultLimit))

/** The message of a 413. */
export const tooLargeMessage = (limit: number) =>
  `the request body is larger than ${limit} bytes (PATRON_MAX_BODY_BYTES)`

/** Whether the request declares a body larger than `limit` in its Content-Length. */
export const isDeclaredTooLarge = (req: IncomingMessage, limit: number): boolean => {
  const declared = req.headers["content-length"]
  return declared !== undefined && Number(declared) > limit
}

/**
 * Makes the connection close once the answer is sent (`Connection: close`), lingering up to `millis` before the
 * socket is destroyed: closing at once while the client is still sending would reset the connection, and the
 * client could lose the 413 it has not read yet. Nothing more is read meanwhile (backpressure holds the client).
 */
export const closeAfterAnswer = (socket: Socket, millis = 2_000) => {
  // node:http ends a `Connection: close` answer's socket with `destroySoon`; this one lingers instead.
  socket.destroySoon = () => {
    if (socket.writable) socket.end()
    const timer = setTimeout(() => socket.destroy(), millis).unref()
    socket.once("close", () => clearTimeout(timer))
  }
}

/** A body read up to its limit. */
export type Read =
  | { readonly _tag: "Read"; readonly text: string }
  | { readonly _tag: "TooLarge" }
  | { readonly _tag: "Aborted" }

/** Reads the body as UTF-8 text, stopping (the request paused, not drained) as soon as it passes `limit` bytes. */
export const read = (req: IncomingMessage, limit: number): Promise<Read> =>
  new Promise((resolve) => {
    const chunks: Array<Buffer> = []
    let size = 0
    const finish = (result: Read) => {
      req.off("data", onData)
      req.off("end", onEnd)
      req.off("error", onAbort)
      req.off("close", onClose)
      resolve(result)
    }
    const onData = (chunk: Buffer) => {
      size += chunk.length
      if (size <= limit) return void chunks.push(chunk)
      req.pause()
      finish({ _tag: "TooLarge" })
    }
    const onEnd = () => finish({ _tag: "Read", text: Buffer.concat(chunks).toString("utf8") })
    const onAbort = () => finish({ _tag: "Aborted" })
    const onClose = () => {
      if (!req.complete) onAbort()
    }
    req.on("data", onData)
    req.on("end", onEnd)
    req.on("error", onAbort)
    req.on("close", onClose)
  })
