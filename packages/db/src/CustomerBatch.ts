/**
 * The set-based statements of the CustomerRepository (`customers.upsertMany`): many customers read, inserted or
 * updated in a fixed number of statements, rows travelling as one JSON parameter (`jsonb_to_recordset`) in the same
 * stored form as the single-row statements write (`CustomerListing.rowOf`).
 */
import { Customer, type Tenant } from "@patron/domain"
import { type SQL, sql } from "drizzle-orm"
import * as CustomerListing from "./CustomerListing.ts"
import { customers, customerExternalReferences as references } from "./schema.ts"

const json = (value: unknown) => sql`${JSON.stringify(value)}::jsonb`

/** The customers of a tenant holding any of the identifiers or pairs, their rows locked for update when asked. */
export const holding = (
  tenant: Tenant.TenantId,
  handles: {
    readonly identifiers: ReadonlyArray<string>
    readonly references: ReadonlyArray<Customer.ExternalReference>
  },
  lock?: "update"
): SQL => sql`select ${customers.document} as document from ${customers}
  where ${customers.tenantId} = ${tenant}
    and (${customers.identifier} in (select jsonb_array_elements_text(${json(handles.identifiers)}))
      or ${customers.id} in (select ${references.customerId} from ${references}
        where ${references.tenantId} = ${tenant} and (${references.key}, ${references.value}) in
          (select pair.key, pair.value from jsonb_to_recordset(${json(handles.references)}) as pair(key text, value text))))
  order by ${customers.id}
  ${lock === "update" ? sql`for update` : sql``}`

const recordset = sql`r(id text, identifier text, type text, last_name_key text, search_text text, meta jsonb,
  version int, created_at timestamptz, updated_at timestamptz, document jsonb)`

/** One insert of many new customers. */
export const insertCustomers = (tenant: Tenant.TenantId, list: ReadonlyArray<Customer.Customer>): SQL =>
  sql`insert into ${customers} (tenant_id, id, identifier, type, last_name_key, search_text, meta, version, created_at,
      updated_at, document)
    select ${tenant}, r.id, r.identifier, r.type, r.last_name_key, r.search_text, r.meta, r.version, r.created_at,
      r.updated_at, r.document
    from jsonb_to_recordset(${json(list.map(CustomerListing.rowOf))}) as ${recordset}`

/** One update of many customers, each only at its previous version; answers the ids it updated. */
export const updateCustomers = (tenant: Tenant.TenantId, list: ReadonlyArray<Customer.Customer>): SQL =>
  sql`update ${customers} as c set identifier = r.identifier, type = r.type, last_name_key = r.last_name_key,
      search_text = r.search_text, meta = r.meta, version = r.version, created_at = r.created_at,
      updated_at = r.updated_at, document = r.document
    from jsonb_to_recordset(${json(list.map(CustomerListing.rowOf))}) as ${recordset}
    where c.tenant_id = ${tenant} and c.id = r.id and c.version = r.version - 1
    returning c.id as id`

/** One insert of the external reference pairs of many customers. */
export const insertReferences = (tenant: Tenant.TenantId, list: ReadonlyArray<Customer.Customer>): SQL =>
  sql`insert into ${references} (tenant_id, key, value, customer_id)
    select ${tenant}, r.key, r.value, r.customer_id
    from jsonb_to_recordset(${json(
      list.flatMap((customer) =>
        Customer.externalReferencePairs(customer).map((pair) => ({ ...pair, customer_id: customer.id }))
      )
    )}) as r(key text, value text, customer_id text)`

/** One delete of the external reference pairs of many customers. */
export const deleteReferences = (tenant: Tenant.TenantId, list: ReadonlyArray<Customer.Customer>): SQL =>
  sql`delete from ${references} where ${references.tenantId} = ${tenant}
    and ${references.customerId} in (select jsonb_array_elements_text(${json(list.map((customer) => customer.id))}))`

/** The identifiers, among the customers', that customers outside the list hold. */
export const heldIdentifiers = (tenant: Tenant.TenantId, list: ReadonlyArray<Customer.Customer>): SQL =>
  sql`select ${customers.identifier} as identifier from ${customers}
    where ${customers.tenantId} = ${tenant}
      and ${customers.identifier} in (select jsonb_array_elements_text(${json(list.map((c) => c.identifier))}))
      and ${customers.id} not in (select jsonb_array_elements_text(${json(list.map((c) => c.id))}))`

/** The pairs, among the customers', that customers outside the list hold. */
export const heldReferences = (tenant: Tenant.TenantId, list: ReadonlyArray<Customer.Customer>): SQL =>
  sql`select ${references.key} as key, ${references.value} as value from ${references}
    where ${references.tenantId} = ${tenant}
      and ${references.customerId} not in (select jsonb_array_elements_text(${json(list.map((c) => c.id))}))
      and (${references.key}, ${references.value}) in (select pair.key, pair.value from jsonb_to_recordset(${json(
        list.flatMap(Customer.externalReferencePairs)
      )}) as pair(key text, value text))`
