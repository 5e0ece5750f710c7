/**
 * A client of `POST /import/customers` for tests: a body sent with node:http (written with backpressure, so a large
 * file is generated as it is sent, never held), the answer as soon as its headers come (an import is named by its
 * `patron-import-id` header while the upload goes on), and `imports.get` polled until the job ends.
 */
import { request } from "node:http"
import { call } from "./exportClient.ts"

export interface Answer {
  readonly status: number
  readonly body: Record<string, unknown>
}

/** Posts `chunks` (strings, or a generator of them) as a CSV; resolves with the answer, even mid-upload. */
export const postImport = (
  base: string,
  bearer: string | undefined,
  chunks: Iterable<string | Buffer>,
  query = "",
  contentType = "text/csv"
): Promise<Answer> =>
  new Promise((resolve, reject) => {
    const req = request(`${base}/import/customers${query}`, {
      method: "POST",
      headers: { "content-type": contentType, ...(bearer === undefined ? {} : { authorization: `Bearer ${bearer}` }) }
    })
    req.on("response", (response) => {
      // The import's answer names it in a header at once, before the upload has been read.
      const id = response.headers["patron-import-id"]
      if (typeof id === "string") {
        response.resume()
        return resolve({ status: response.statusCode ?? 0, body: { importId: id } })
      }
      let text = ""
      response.on("data", (chunk) => (text += String(chunk)))
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) }))
    })
    // The server may answer and stop reading (a refusal, a failed header): the upload breaking off then is expected.
    req.on("error", (error) => setTimeout(() => reject(error), 2_000))
    const iterator = chunks[Symbol.iterator]()
    const pump = () => {
      for (;;) {
        const next = iterator.next()
        if (next.done) return void req.end()
        if (!req.write(next.value)) return void req.once("drain", pump)
      }
    }
    pump()
  })

/** The report of an import once it is no longer running. */
export const finished = async (base: string, bearer: string, id: string, timeoutMs = 120_000) => {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const report = (await call(base, bearer, `imports.get?input=${encodeURIComponent(JSON.stringify({ id }))}`)) as {
      status: string
    } & Record<string, unknown>
    if (report.status !== "running") return report
    if (Date.now() > deadline) throw new Error(`import ${id} still running`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}
