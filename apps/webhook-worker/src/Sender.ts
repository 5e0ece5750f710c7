/**
 * Sends one webhook request: `POST` over keep-alive connections per origin (undici), never following a redirect,
 * within a time limit, reading at most a bounded part of the response body and keeping its first kilobyte for the
 * log. Destinations on private addresses are refused (see Destination) unless allowed.
 */
import { Webhook } from "@patron/domain"
import { Agent, request } from "undici"
import * as Destination from "./Destination.ts"
import * as NoAnswer from "./NoAnswer.ts"

export interface Options {
  readonly allowPrivate: boolean
  /** The whole request, from connecting to the end of the response body. */
  readonly timeoutMillis: number
  /** Open connections per origin, which bounds the requests in flight to one receiver. */
  readonly connectionsPerOrigin: number
}

/** What one request gave: the status (and `Retry-After`) when the receiver answered, or why it did not. */
export interface Sent {
  readonly at: Date
  readonly durationMs: number
  readonly status?: number
  readonly retryAfter?: string
  readonly responseSnippet?: string
  /** Why no answer came, in generic words safe for the delivery log (see NoAnswer). */
  readonly error?: string
  /** The same in full (names, addresses, library messages), for the worker's log only. */
  readonly errorDetail?: string
}

/** The most of a response body read before the connection is dropped. */
export const maxBodyBytes = 64 * 1024

export interface Sender {
  readonly send: (url: string, headers: Readonly<Record<string, string>>, body: string) => Promise<Sent>
  readonly close: () => Promise<void>
}

export const make = (options: Options): Sender => {
  const agent = new Agent({
    connections: options.connectionsPerOrigin,
    keepAliveTimeout: 30_000,
    headersTimeout: options.timeoutMillis,
    bodyTimeout: options.timeoutMillis,
    connect: {
      timeout: Math.min(options.timeoutMillis, 10_000),
      ...(options.allowPrivate ? {} : { lookup: Destination.guardedLookup })
    }
  })

  const send = async (url: string, headers: Readonly<Record<string, string>>, body: string): Promise<Sent> => {
    const at = new Date()
    const started = performance.now()
    const elapsed = () => performance.now() - started
    const refused = options.allowPrivate ? undefined : Destination.refusalOfHost(new URL(url).hostname)
    if (refused !== undefined) return { at, durationMs: 0, error: NoAnswer.refusedPrivate, errorDetail: refused }
    try {
      const response = await request(url, {
        method: "POST",
        headers,
        body,
        dispatcher: agent,
        signal: AbortSignal.timeout(options.timeoutMillis)
      })
      const responseSnippet = await readSnippet(response.body)
      const retryAfter = response.headers["retry-after"]
      return {
        at,
        durationMs: elapsed(),
        status: response.statusCode,
        ...(typeof retryAfter === "string" ? { retryAfter } : {}),
        ...(responseSnippet === "" ? {} : { responseSnippet })
      }
    } catch (error) {
      const noAnswer = NoAnswer.describe(error, options.timeoutMillis)
      return { at, durationMs: elapsed(), error: noAnswer.reason, errorDetail: noAnswer.detail }
    }
  }

  return { send, close: () => agent.close() }
}

/** Reads the body up to `maxBodyBytes` (dropping the connection beyond) and keeps its first kilobyte as text. */
const readSnippet = async (body: AsyncIterable<Uint8Array> & { destroy: () => unknown }): Promise<string> => {
  const kept: Array<Uint8Array> = []
  let keptBytes = 0
  let total = 0
  for await (const chunk of body) {
    total += chunk.byteLength
    if (keptBytes < Webhook.responseSnippetMaxLength) {
      const part = chunk.subarray(0, Webhook.responseSnippetMaxLength - keptBytes)
      kept.push(part)
      keptBytes += part.byteLength
    }
    if (total > maxBodyBytes) {
      body.destroy()
      break
    }
  }
  return new TextDecoder().decode(Buffer.concat(kept)).slice(0, Webhook.responseSnippetMaxLength)
}
