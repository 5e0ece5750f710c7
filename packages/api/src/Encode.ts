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

export const endpoint = unary(Webhook.WebhookEndpoint)
export const delivery = unary(Webhook.Delivery)
export const role = unary(Role.Role)
export const token = unary(ApiToken.ApiToken)
