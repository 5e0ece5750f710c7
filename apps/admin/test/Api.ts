/**
 * Calling the Patron API directly from a test (plain tRPC over HTTP, as curl would), to set up data the browser
 * steps then work with.
 */

/** Calls a procedure; throws with the API's message when it fails. */
export const call = async <T>(
  base: string,
  token: string,
  path: string,
  input: unknown,
  kind: "query" | "mutation" = "mutation"
): Promise<T> => {
  const url = `${base}/trpc/${path}`
  const response =
    kind === "query"
      ? await fetch(`${url}?input=${encodeURIComponent(JSON.stringify(input))}`, {
          headers: { authorization: `Bearer ${token}` }
        })
      : await fetch(url, {
          method: "POST",
          headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
          body: JSON.stringify(input)
        })
  const body = (await response.json()) as { result?: { data: T }; error?: { message: string } }
  if (body.error !== undefined || body.result === undefined) throw new Error(`${path}: ${body.error?.message}`)
  return body.result.data
}
