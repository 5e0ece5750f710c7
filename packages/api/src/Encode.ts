/**
 * Outputs as JSON: the domain's records encoded by their Schemas (ISO instants, decimal strings), one unary function
 * per record so they can be passed to `map`.
 */
import { ApiToken, Role, Webhook } from "@patron/domain"
import { Schema } from "effect"

const unary =
  <S extends Schema.Top & { readonly EncodingServices: never }>(schema: S) =>
  (value: S["Type"]): S["Encoded"] =>
    Schema.encodeSync(schema)(value)

const endpointJson = unary(Webhook.WebhookEndpoint)
/**
 * An endpoint with its header values hidden (`Bearer ••••`), as every read shows it; `shown` are the headers the
 * request itself sent, whose values the answer to that write gives back in full.
 */
export const endpointAsWritten = (value: Webhook.WebhookEndpoint, shown?: Readonly<Record<string, string>>) => {
  const json = endpointJson(value)
  return json.headers === undefined ? json : { ...json, headers: Webhook.hiddenHeaders(json.headers, shown) }
}
/** An endpoint as reads show it: its header values hidden, like its signing secret. */
export const endpoint = (value: Webhook.WebhookEndpoint) => endpointAsWritten(value)
export const delivery = unary(Webhook.Delivery)
export const role = unary(Role.Role)
export const token = unary(ApiToken.ApiToken)
