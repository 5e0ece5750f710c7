/**
 * The domain's CustomerRepository on the database. A customer is stored as its JSON document beside the columns it is
 * found, filtered and sorted by; its external reference pairs live in their own table, whose primary key makes each
 * pair unique per tenant. Writes run under a savepoint, so a refused write fails with the domain's error and leaves
 * the caller's transaction usable (PostgreSQL aborts a transaction on a failed statement otherwise).
 */
import { Customer, CustomerRepository, Page, type Tenant, Version } from "@patron/domain"
import { sql } from "drizzle-orm"
import { DateTime, Effect, Layer, Option, Schema } from "effect"
import * as CustomerBatch from "./CustomerBatch.ts"
import * as CustomerListing from "./CustomerListing.ts"
import { Database } from "./Database.ts"
import { isUniqueViolation, type SqlError } from "./SqlError.ts"
import * as StoredDocument from "./StoredDocument.ts"
import { customers, customerExternalReferences as references } from "./schema.ts"

// PostgreSQL's names for the constraints of migration 0001.
const identifierConstraint = "customers_tenant_id_identifier_key"
const referenceConstraint = "customer_external_references_pkey"

const decodeCustomer = Schema.decodeUnknownEffect(Customer.Customer)

/** The statement that finds one customer by id, identifier or external reference, optionally locking its row. */
const findStatement = (tenant: Tenant.TenantId, lookup: Customer.Lookup, lock?: "update" | "share") => {
  const match =
    "id" in lookup
      ? sql`${customers.id} = ${lookup.id}`
      : "identifier" in lookup
        ? sql`${customers.identifier} = ${lookup.identifier}`
        : sql`${customers.id} = (select ${references.customerId} from ${references}
            where ${references.tenantId} = ${tenant} and ${references.key} = ${lookup.externalReference.key}
              and ${references.value} = ${lookup.externalReference.value})`
  return sql`select ${customers.document} as document from ${customers}
    where ${customers.tenantId} = ${tenant} and ${match}
    ${lock === "update" ? sql`for update` : lock === "share" ? sql`for share` : sql``}`
}

/** Stored documents (jsonb, parsed by either driver) as Customers; callers turn a decoding failure into a defect. */
const decodeRows = (rows: ReadonlyArray<{ readonly document: unknown }>) =>
  Effect.forEach(rows, (row) => decodeCustomer(row.document))

const instant = (at: DateTime.Utc) => sql`${DateTime.formatIso(at)}::timestamptz`
const json = (value: unknown) => sql`${JSON.stringify(value)}::jsonb`

const make = Effect.gen(function* () {
  const db = yield* Database

  /** Runs a write under a savepoint in the caller's transaction (or a new one); a failure undoes only the write. */
  const guarded = <A, E>(write: Effect.Effect<A, E | SqlError>): Effect.Effect<A, E | SqlError> =>
    db.transaction(
      db.query(sql`savepoint customer_write`).pipe(
        Effect.andThen(write),
        Effect.tap(() => db.query(sql`release savepoint customer_write`)),
        Effect.tapError(() => db.query(sql`rollback to savepoint customer_write`))
      )
    )

  const writeReferences = (tenant: Tenant.TenantId, customer: Customer.Customer) =>
    Object.keys(customer.externalReferences).length === 0
      ? Effect.void
      : db.query(
          sql`insert into ${references} (tenant_id, key, value, customer_id)
            select ${tenant}, pair.key, pair.value, ${customer.id}
            from jsonb_each_text(${json(customer.externalReferences)}) as pair`
        )

  /** The first of the customer's pairs (in its own order) that another customer of the tenant holds. */
  const takenReference = (tenant: Tenant.TenantId, customer: Customer.Customer, violation: SqlError) =>
    Effect.gen(function* () {
      const rows = yield* db.query<{ key: string; value: string }>(
        sql`select ${references.key} as key, ${references.value} as value from ${references}
          where ${references.tenantId} = ${tenant} and ${references.customerId} <> ${customer.id}
            and (${references.key}, ${references.value}) in
              (select pair.key, pair.value from jsonb_each_text(${json(customer.externalReferences)}) as pair)`
      )
      const pairs = Customer.externalReferencePairs(customer)
      // The holder may have let go of the pair since the violation; it still concerned one of the customer's pairs.
      const taken =
        pairs.find((pair) => rows.some((row) => row.key === pair.key && row.value === pair.value)) ?? pairs[0]
      return yield* taken === undefined
        ? Effect.die(violation)
        : Effect.fail(new Customer.ExternalReferenceTaken(taken))
    }).pipe(Effect.catchTag("SqlError", Effect.die))

  /** A refused write as the domain's error; any other database failure is a defect. */
  const refusal =
    (tenant: Tenant.TenantId, customer: Customer.Customer) =>
    (error: SqlError): Effect.Effect<never, Customer.IdentifierTaken | Customer.ExternalReferenceTaken> =>
      isUniqueViolation(error, identifierConstraint)
        ? Effect.fail(new Customer.IdentifierTaken({ identifier: customer.identifier }))
        : isUniqueViolation(error, referenceConstraint)
          ? takenReference(tenant, customer, error)
          : Effect.die(error)

  /** A refused batch write as the domain's error naming the first handle of the batch another customer holds. */
  const batchRefusal =
    (tenant: Tenant.TenantId, list: ReadonlyArray<Customer.Customer>) =>
    (error: SqlError): Effect.Effect<never, Customer.IdentifierTaken | Customer.ExternalReferenceTaken> =>
      Effect.gen(function* () {
        if (isUniqueViolation(error, identifierConstraint)) {
          const held = yield* db.query<{ identifier: string }>(CustomerBatch.heldIdentifiers(tenant, list))
          const taken = list.find((customer) => held.some((row) => row.identifier === customer.identifier))
          if (taken !== undefined) return yield* new Customer.IdentifierTaken({ identifier: taken.identifier })
        } else if (isUniqueViolation(error, referenceConstraint)) {
          const held = yield* db.query<{ key: string; value: string }>(CustomerBatch.heldReferences(tenant, list))
          const taken = list
            .flatMap(Customer.externalReferencePairs)
            .find((pair) => held.some((row) => row.key === pair.key && row.value === pair.value))
          if (taken !== undefined) return yield* new Customer.ExternalReferenceTaken(taken)
        }
        return yield* Effect.die(error)
      }).pipe(Effect.catchTag("SqlError", Effect.die))

  const storedVersion = (tenant: Tenant.TenantId, id: Customer.CustomerId) =>
    db
      .query<{ version: number }>(
        sql`select ${customers.version} as version from ${customers}
          where ${customers.tenantId} = ${tenant} and ${customers.id} = ${id}`
      )
      .pipe(Effect.map((rows) => rows[0]?.version ?? 0))

  const columns = (customer: Customer.Customer) => {
    const row = CustomerListing.rowOf(customer)
    return {
      identifier: row.identifier,
      type: row.type,
      lastNameKey: row.last_name_key,
      searchText: row.search_text,
      meta: json(row.meta),
      createdAt: instant(customer.createdAt),
      updatedAt: instant(customer.updatedAt),
      document: json(row.document)
    }
  }

  return CustomerRepository.of({
    insert: (tenant, customer) => {
      const c = columns(customer)
      return guarded(
        Effect.andThen(
          db.query(
            sql`insert into ${customers} (tenant_id, id, identifier, type, last_name_key, search_text, meta, version,
              created_at, updated_at, document)
            values (${tenant}, ${customer.id}, ${c.identifier}, ${c.type}, ${c.lastNameKey}, ${c.searchText}, ${c.meta},
              ${customer.version}, ${c.createdAt}, ${c.updatedAt}, ${c.document})`
          ),
          writeReferences(tenant, customer)
        )
      ).pipe(Effect.catchTag("SqlError", refusal(tenant, customer)))
    },

    update: (tenant, customer) => {
      const c = columns(customer)
      const expected = customer.version - 1
      return guarded(
        Effect.gen(function* () {
          const updated = yield* db.query(
            sql`update ${customers} set identifier = ${c.identifier}, type = ${c.type}, last_name_key = ${c.lastNameKey},
              search_text = ${c.searchText}, meta = ${c.meta}, version = ${customer.version},
              created_at = ${c.createdAt}, updated_at = ${c.updatedAt}, document = ${c.document}
            where ${customers.tenantId} = ${tenant} and ${customers.id} = ${customer.id}
              and ${customers.version} = ${expected}
            returning id`
          )
          if (updated.length === 0) {
            const actual = yield* storedVersion(tenant, customer.id)
            return yield* new Version.VersionConflict({ id: customer.id, expected, actual })
          }
          yield* db.query(
            sql`delete from ${references}
              where ${references.tenantId} = ${tenant} and ${references.customerId} = ${customer.id}`
          )
          yield* writeReferences(tenant, customer)
        })
      ).pipe(Effect.catchTag("SqlError", refusal(tenant, customer)))
    },

    insertMany: (tenant, list) =>
      guarded(
        Effect.andThen(
          db.query(CustomerBatch.insertCustomers(tenant, list)),
          db.query(CustomerBatch.insertReferences(tenant, list))
        )
      ).pipe(Effect.asVoid, Effect.catchTag("SqlError", batchRefusal(tenant, list))),

    updateMany: (tenant, list) =>
      guarded(
        Effect.gen(function* () {
          const updated = yield* db.query<{ id: string }>(CustomerBatch.updateCustomers(tenant, list))
          if (updated.length < list.length) {
            const ids = new Set(updated.map((row) => row.id))
            const moved = list.find((customer) => !ids.has(customer.id))
            if (moved !== undefined) {
              const actual = yield* storedVersion(tenant, moved.id)
              return yield* new Version.VersionConflict({ id: moved.id, expected: moved.version - 1, actual })
            }
          }
          yield* db.query(CustomerBatch.deleteReferences(tenant, list))
          yield* db.query(CustomerBatch.insertReferences(tenant, list))
        })
      ).pipe(Effect.catchTag("SqlError", batchRefusal(tenant, list))),

    holding: (tenant, handles, options) =>
      db
        .query<{ document: unknown }>(CustomerBatch.holding(tenant, handles, options?.lock))
        .pipe(Effect.flatMap(decodeRows), Effect.orDie),

    find: (tenant, lookup, options) =>
      db.query<{ document: unknown }>(findStatement(tenant, lookup, options?.lock)).pipe(
        Effect.flatMap(decodeRows),
        Effect.map((found) => Option.fromNullishOr(found[0])),
        Effect.orDie
      ),

    read: (tenant, lookup) =>
      db.query<{ document: unknown }>(findStatement(tenant, lookup)).pipe(
        Effect.map((found) =>
          Option.map(Option.fromNullishOr(found[0]), (row) => StoredDocument.ordered(row.document))
        ),
        Effect.orDie
      ),

    list: (tenant, query) => {
      const limit = query.limit ?? Page.defaultLimit
      return CustomerListing.statement(tenant, query, limit).pipe(
        Effect.flatMap((statement) =>
          db.query<{ document: unknown }>(statement).pipe(Effect.flatMap(decodeRows), Effect.orDie)
        ),
        Effect.map((rows) => CustomerListing.page(rows, query, limit))
      )
    },

    readPage: (tenant, query) => {
      const limit = query.limit ?? Page.defaultLimit
      return CustomerListing.statement(tenant, query, limit).pipe(
        Effect.flatMap((statement) => db.query<{ document: Customer.CustomerJson }>(statement).pipe(Effect.orDie)),
        Effect.map((rows) =>
          CustomerListing.documentPage(
            rows.map((row) => row.document),
            query,
            limit
          )
        )
      )
    },

    keysOf: (tenant, query) =>
      db.query<{ kind: string; key: string }>(CustomerListing.keysStatement(tenant, query)).pipe(
        Effect.map((rows) => ({
          meta: rows.flatMap((row) => (row.kind === "meta" ? [row.key] : [])).sort(),
          references: rows.flatMap((row) => (row.kind === "reference" ? [row.key] : [])).sort()
        })),
        Effect.orDie
      ),

    remove: (tenant, id, version) =>
      Effect.gen(function* () {
        const deleted = yield* db.query(
          sql`delete from ${customers}
            where ${customers.tenantId} = ${tenant} and ${customers.id} = ${id} and ${customers.version} = ${version}
            returning id`
        )
        if (deleted.length === 0) {
          const actual = yield* storedVersion(tenant, id)
          return yield* new Version.VersionConflict({ id, expected: version, actual })
        }
      }).pipe(Effect.catchTag("SqlError", Effect.die))
  })
})

/** The CustomerRepository port over the Database. */
export const layer = Layer.effect(CustomerRepository)(make)
