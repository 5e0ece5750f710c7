/**
 * One customer: who it is, its addresses, metadata and external references, its orders and its subscription
 * contracts, and the actions ("…") menu with Edit and Delete for tokens allowed to use them.
 */
import { useQuery } from "@tanstack/react-query"
import { type ReactNode, useState } from "react"
import { useCan } from "../access/Permissions.tsx"
import { type Customer, useTRPC } from "../api/Api.ts"
import { ActionsMenu } from "../ui/ActionsMenu.tsx"
import { countryName, dateTime } from "../ui/Format.ts"
import { ErrorMessage, Loading } from "../ui/States.tsx"
import { addressTypes } from "./AddressRows.ts"
import { CustomerContracts } from "./CustomerContracts.tsx"
import { customerName } from "./CustomerList.tsx"
import { CustomerOrders } from "./CustomerOrders.tsx"
import { DeleteCustomer } from "./DeleteCustomer.tsx"

export const CustomerDetail = (props: {
  readonly id: string
  readonly onEdit: () => void
  readonly onDeleted: () => void
}) => {
  const trpc = useTRPC()
  const customer = useQuery(trpc.customers.get.queryOptions({ id: props.id }))
  if (customer.isPending) return <Loading label="Loading customer…" />
  if (customer.isError) return <ErrorMessage error={customer.error} onRetry={() => customer.refetch()} />
  return <CustomerView customer={customer.data} onEdit={props.onEdit} onDeleted={props.onDeleted} />
}

const CustomerView = (props: {
  readonly customer: Customer
  readonly onEdit: () => void
  readonly onDeleted: () => void
}) => {
  const { customer } = props
  const [isDeleting, setIsDeleting] = useState(false)
  const canUpdate = useCan("customers:update")
  const canDelete = useCan("customers:delete")
  const canReadOrders = useCan("orders:read")
  const canReadContracts = useCan("subscriptionContracts:read")
  return (
    <article className="pa-detail" aria-labelledby="pa-customer-title">
      <header className="pa-detail-header">
        <div>
          <h2 id="pa-customer-title">{customerName(customer)}</h2>
          <p className="pa-muted">
            {customer.type === "organization" ? "Organization" : "Individual"} · {customer.identifier}
          </p>
        </div>
        <ActionsMenu
          label="Customer actions"
          actions={[
            ...(canUpdate ? [{ label: "Edit", onSelect: props.onEdit }] : []),
            ...(canDelete ? [{ label: "Delete", onSelect: () => setIsDeleting(true), isDanger: true }] : [])
          ]}
        />
      </header>
      <section className="pa-section" aria-labelledby="pa-profile-title">
        <h3 id="pa-profile-title">Profile</h3>
        <dl className="pa-facts">
          <Fact term="Company">{customer.companyName}</Fact>
          <Fact term="Tax number">{customer.taxNumber}</Fact>
          <Fact term="Email">{customer.email}</Fact>
          <Fact term="Phone">{customer.phone}</Fact>
          <Fact term="Birth date">{customer.birthDate}</Fact>
          <Fact term="Created">{dateTime(customer.createdAt)}</Fact>
          <Fact term="Updated">{`${dateTime(customer.updatedAt)} (version ${customer.version})`}</Fact>
        </dl>
      </section>
      <section className="pa-section" aria-labelledby="pa-addresses-title">
        <h3 id="pa-addresses-title">Addresses</h3>
        {customer.addresses.length === 0 ? (
          <p className="pa-muted">No addresses.</p>
        ) : (
          <div className="pa-cards">
            {customer.addresses.map((address) => (
              <div key={address.id} className="pa-card">
                <p className="pa-card-title">
                  {addressTypes.find((type) => type.value === address.type)?.label}
                  {address.isDefault && <span className="pa-badge">Default</span>}
                </p>
                <address className="pa-address">
                  {[
                    [address.firstName, address.middleName, address.lastName].filter(Boolean).join(" "),
                    [address.street, address.streetNumber].filter(Boolean).join(" "),
                    address.street2,
                    [address.postalCode, address.city].filter(Boolean).join(" "),
                    [address.state, address.country === undefined ? undefined : countryName(address.country)]
                      .filter(Boolean)
                      .join(", "),
                    address.phone,
                    address.email
                  ]
                    .filter((line) => line !== undefined && line !== "")
                    .map((line) => (
                      <span key={line}>{line}</span>
                    ))}
                </address>
              </div>
            ))}
          </div>
        )}
      </section>
      <div className="pa-two-columns">
        <KeyValues title="Metadata" id="pa-meta-title" map={customer.meta} />
        <KeyValues title="External references" id="pa-references-title" map={customer.externalReferences} />
      </div>
      {canReadOrders && <CustomerOrders customerId={customer.id} />}
      {canReadContracts && <CustomerContracts customerId={customer.id} />}
      <DeleteCustomer customer={customer} open={isDeleting} onOpenChange={setIsDeleting} onDeleted={props.onDeleted} />
    </article>
  )
}

const Fact = (props: { readonly term: string; readonly children: ReactNode }) =>
  props.children === undefined || props.children === "" ? null : (
    <div className="pa-fact">
      <dt>{props.term}</dt>
      <dd>{props.children}</dd>
    </div>
  )

const KeyValues = (props: {
  readonly title: string
  readonly id: string
  readonly map: Readonly<Record<string, string>>
}) => (
  <section className="pa-section" aria-labelledby={props.id}>
    <h3 id={props.id}>{props.title}</h3>
    {Object.keys(props.map).length === 0 ? (
      <p className="pa-muted">None.</p>
    ) : (
      <dl className="pa-facts pa-facts-raw">
        {Object.entries(props.map).map(([key, value]) => (
          <div key={key} className="pa-fact">
            <dt>{key}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    )}
  </section>
)
