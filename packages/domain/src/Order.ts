/**
 * Orders (PRODUCT.md §3): what a customer bought, with a snapshot of the customer at order time and totals computed
 * exactly. Orders outlive their customer: after a deletion the `customerId` no longer resolves, the snapshot remains.
 */
import { BigDecimal, type DateTime, Schema } from "effect"
import * as Address from "./Address.ts"
import * as Bounded from "./Bounded.ts"
import * as Contact from "./Contact.ts"
import * as Currency from "./Currency.ts"
import * as Customer from "./Customer.ts"
import * as Decimal from "./Decimal.ts"
import * as Ids from "./Ids.ts"
import * as Metadata from "./Metadata.ts"

export const OrderId = Schema.String.check(Ids.isId("order")).pipe(Schema.brand("OrderId"))
export type OrderId = typeof OrderId.Type

/** A rate between 0 and 1 (`"0.25"` is 25 %). */
export const TaxRate = Decimal.bounded(Decimal.rateDigits).check(
  Schema.isBetweenBigDecimal({ minimum: Decimal.zero, maximum: Decimal.of(1) }, { message: "must be between 0 and 1" })
)

/** One line of an order. */
export const Item = Schema.Struct({
  sku: Schema.optionalKey(Contact.Text(1, 100)),
  name: Contact.Text(1, 500),
  quantity: Decimal.bounded(Decimal.quantityDigits).check(Decimal.isPositive),
  unitPrice: Decimal.boundedAmount(Decimal.unitPriceDigits).check(Decimal.isNonNegative),
  taxRate: Schema.optionalKey(TaxRate)
})
export type Item = typeof Item.Type

/** Net (before tax), tax and gross amounts. */
export const Totals = Schema.Struct({ net: Decimal.Amount, tax: Decimal.Amount, gross: Decimal.Amount })
export type Totals = typeof Totals.Type

/** The customer as it was when the order was placed. */
export const CustomerSnapshot = Schema.Struct({
  identifier: Customer.Identifier,
  firstName: Contact.Name,
  lastName: Contact.Name,
  middleName: Schema.optionalKey(Contact.ShortText),
  companyName: Schema.optionalKey(Contact.ShortText),
  email: Schema.optionalKey(Contact.Email),
  phone: Schema.optionalKey(Contact.Phone),
  addresses: Address.Addresses
})
export type CustomerSnapshot = typeof CustomerSnapshot.Type

export const maxItems = 500

const Items = Bounded.array(Item, Schema.isBetweenLength(1, maxItems, { message: `must hold 1 to ${maxItems} items` }))

/** An order as stored and as the API returns it. */
export const Order = Schema.Struct({
  id: OrderId,
  customerId: Customer.CustomerId,
  customer: CustomerSnapshot,
  reference: Schema.optionalKey(Contact.Text(1, 200)),
  currency: Currency.CurrencyCode,
  items: Items,
  totals: Totals,
  meta: Metadata.Meta,
  createdAt: Schema.DateTimeUtcFromString
})
export type Order = typeof Order.Type
export type OrderJson = typeof Order.Encoded

/** What a client sends to create an order. */
export const CreateInput = Schema.Struct({
  customerId: Customer.CustomerId,
  currency: Currency.CurrencyCode,
  items: Items,
  reference: Schema.optionalKey(Contact.Text(1, 200)),
  meta: Schema.optionalKey(Metadata.Meta)
})
export type CreateInput = typeof CreateInput.Type

/** No order of this tenant has this id. */
export class OrderNotFound extends Schema.TaggedError<OrderNotFound>()("OrderNotFound", { id: Schema.String }) {
  override get message() {
    return `order ${this.id} not found`
  }
}

/**
 * Totals of items in a currency: each line's net (quantity × unit price) and tax (net × rate) are rounded half away
 * from zero to the currency's minor unit, then summed; gross = net + tax.
 */
export const totals = (items: ReadonlyArray<Item>, currency: string): Totals => {
  const digits = Currency.minorUnitDigits(currency)
  let net = Decimal.zero
  let tax = Decimal.zero
  for (const item of items) {
    const lineNet = Decimal.round(BigDecimal.multiply(item.quantity, item.unitPrice), digits)
    net = BigDecimal.sum(net, lineNet)
    tax = BigDecimal.sum(tax, Decimal.round(BigDecimal.multiply(lineNet, item.taxRate ?? Decimal.zero), digits))
  }
  return {
    net: Currency.amount(net, currency),
    tax: Currency.amount(tax, currency),
    gross: Currency.amount(BigDecimal.sum(net, tax), currency)
  }
}

/**
 * The order with its money written as the currency wants (see `Currency`): totals at the minor unit, unit prices with
 * at least its digits. Orders stored before this rule read back the same way.
 */
export const inMinorUnits = (order: Order): Order => ({
  ...order,
  items: order.items.map((item) => ({ ...item, unitPrice: Currency.unitPrice(item.unitPrice, order.currency) })),
  totals: {
    net: Currency.amount(order.totals.net, order.currency),
    tax: Currency.amount(order.totals.tax, order.currency),
    gross: Currency.amount(order.totals.gross, order.currency)
  }
})

/** The snapshot of a customer kept on an order. */
export const snapshot = (customer: Customer.Customer): CustomerSnapshot => {
  const { identifier, firstName, lastName, middleName, companyName, email, phone, addresses } = customer
  return {
    identifier,
    firstName,
    lastName,
    addresses,
    ...(middleName === undefined ? {} : { middleName }),
    ...(companyName === undefined ? {} : { companyName }),
    ...(email === undefined ? {} : { email }),
    ...(phone === undefined ? {} : { phone })
  }
}

/** Builds an order for an existing customer from a decoded create input. */
export const make = (
  input: CreateInput,
  customer: Customer.Customer,
  context: { readonly id: OrderId; readonly now: DateTime.Utc }
): Order =>
  inMinorUnits({
    id: context.id,
    customerId: customer.id,
    customer: snapshot(customer),
    ...(input.reference === undefined ? {} : { reference: input.reference }),
    currency: input.currency,
    items: input.items,
    totals: totals(input.items, input.currency),
    meta: input.meta ?? {},
    createdAt: context.now
  })

/** The order as JSON, exactly as the API returns it. */
const encodeOrder = Schema.encodeSync(Order)
export const toJson = (value: typeof Order.Type): typeof Order.Encoded => encodeOrder(inMinorUnits(value))
