/**
 * The customer CSV routes beside tRPC (`GET /export/customers.csv`, `POST /import/customers`), called with the
 * session's bearer token. Their refusals are shaped as the router's errors (`{ error: { message } }`).
 */

/** The message of a refused CSV request: the server's, or its status. */
export const refusalOf = async (response: Response): Promise<string> => {
  const text = await response.text().catch(() => "")
  try {
    const body = JSON.parse(text) as { readonly error?: { readonly message?: unknown } }
    if (typeof body.error?.message === "string") return body.error.message
  } catch {
    // Not JSON: the status says enough.
  }
  return `the server answered ${response.status}${response.statusText === "" ? "" : ` ${response.statusText}`}`
}

/** The authorization header of a session's token. */
export const bearer = (token: string | null): Record<string, string> =>
  token === null ? {} : { authorization: `Bearer ${token}` }

/** Saves `blob` as a file named `name` through a temporary `<a download>`. */
export const save = (blob: Blob, name: string) => {
  const url = URL.createObjectURL(blob)
  const link = document.createElement("a")
  link.href = url
  link.download = name
  link.style.display = "none"
  document.body.append(link)
  link.click()
  link.remove()
  // The download has started from the object URL; letting it go a moment later frees the blob.
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}
