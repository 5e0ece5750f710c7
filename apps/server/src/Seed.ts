/**
 * The sample data of a new tenant (PRODUCT.md §1): a "Sample Customer" with addresses, two orders, and a metered
 * subscription with usage on each day of its current period so far.
 */
import {
  Address,
  Customers,
  Order,
  Orders,
  SubscriptionContract,
  SubscriptionContracts,
  Tenant,
  Usage,
  UsageRecords,
  Validation
} from "@patron/domain"
import { DateTime, Effect } from "effect"

/** Writes the sample data as the tenant. */
export const seed = (tenantId: Tenant.TenantId) =>
  Effect.gen(function* () {
    const customer = yield* Customers.create({
      firstName: "Sample",
      lastName: "Customer",
      identifier: "sample-customer",
      email: "sample@example.com",
      phone: "+47 22 00 00 00",
      companyName: "Sample Company AS",
      addresses: yield* Validation.decode(Address.AddressInputs)([
        {
          type: "billing",
          isDefault: true,
          street: "Karl Johans gate",
          streetNumber: "1",
          postalCode: "0154",
          city: "Oslo",
          country: "NO"
        },
        {
          type: "delivery",
          isDefault: true,
          street: "Storgata",
          streetNumber: "10",
          postalCode: "0155",
          city: "Oslo",
          country: "NO"
        }
      ]),
      meta: { source: "seed" },
      externalReferences: { erp: "SAMPLE-1" }
    })
    for (const items of [
      [{ sku: "BOOK-1", name: "Patron handbook", quantity: "2", unitPrice: "199.00", taxRate: "0.25" }],
      [{ sku: "MUG-1", name: "Patron mug", quantity: "1", unitPrice: "129.50", taxRate: "0.25" }]
    ]) {
      yield* Orders.create(
        yield* Validation.decode(Order.CreateInput)({ customerId: customer.id, currency: "NOK", items })
      )
    }
    const now = yield* DateTime.now
    const activateAt = DateTime.subtract(now, { days: 12 })
    const contract = yield* SubscriptionContracts.create(
      yield* Validation.decode(SubscriptionContract.CreateInput)({
        customerId: customer.id,
        plan: { identifier: "api-metered", name: "API, metered" },
        item: { sku: "API", name: "API access", quantity: 1 },
        currency: "NOK",
        activateAt: DateTime.formatIso(activateAt),
        recurring: {
          price: "99",
          period: 1,
          unit: "month",
          meteredVariables: [
            {
              identifier: "api-calls",
              name: "API calls",
              unit: "call",
              tierType: "graduated",
              tiers: [
                { threshold: "0", unitPrice: "0" },
                { threshold: "1000", unitPrice: "0.05" },
                { threshold: "10000", unitPrice: "0.02" }
              ]
            }
          ]
        }
      })
    )
    const records = Array.from({ length: 12 }, (_, day) => ({
      contractId: contract.id,
      meteredVariable: "api-calls",
      quantity: String(300 + day * 25 + (day % 7 >= 5 ? -200 : 0)),
      idempotencyKey: `seed-day-${day}`,
      occurredAt: DateTime.formatIso(DateTime.add(activateAt, { days: day, hours: 12 }))
    }))
    yield* UsageRecords.recordBatch(yield* Validation.decode(Usage.BatchInput)({ records }))
  }).pipe(Effect.provideService(Tenant.CurrentTenant, { id: tenantId }))
