/**
 * Customers: the list in the left-hand panel and, on the right, the selected customer, the form to add one, or the
 * form to edit one; where the two do not fit side by side, one of them at a time with a link back to the list. Paths
 * are relative to the screen (`/new`, `/:id`, `/:id/edit`); the list's search stays in the query string as the user
 * moves between them.
 */
import { Route, Switch, useLocation, useRoute, useSearch } from "wouter"
import { useCan } from "../access/Permissions.tsx"
import { BackLink } from "../ui/BackLink.tsx"
import { lazyNamed } from "../ui/Lazy.tsx"
import { usePaneFocus } from "../ui/PaneFocus.ts"
import { Empty } from "../ui/States.tsx"
import { CustomerDetail } from "./CustomerDetail.tsx"
import { CustomerListPanel } from "./CustomerListPanel.tsx"

const CustomerEditor = lazyNamed(async () => (await import("./CustomerEditor.tsx")).CustomerEditor, "Loading the form…")

export const CustomersScreen = () => {
  const [, navigate] = useLocation()
  const search = useSearch()
  const withSearch = (path: string) => (search === "" ? path : `${path}?${search}`)
  const [isDetail, detail] = useRoute<{ id: string }>("/:id")
  const [isEdit, edit] = useRoute<{ id: string }>("/:id/edit")
  const showing = isDetail || isEdit ? "record" : "list"
  const split = usePaneFocus(showing)
  const selectedId = isEdit ? edit.id : isDetail && detail.id !== "new" ? detail.id : undefined
  const canCreate = useCan("customers:create")
  const canUpdate = useCan("customers:update")

  return (
    <div className="pa-split" data-showing={showing} ref={split}>
      <CustomerListPanel selectedId={selectedId} />
      <section className="pa-detail-panel" aria-label="Customer details" data-pane="record" tabIndex={-1}>
        <BackLink href={withSearch("/")} label="Back to customers" />
        <Switch>
          <Route path="/new">
            {canCreate ? (
              <CustomerEditor
                onSaved={(customer) => navigate(withSearch(`/${customer.id}`))}
                onCancel={() => navigate(withSearch("/"))}
              />
            ) : (
              <Empty title="Your API token cannot add customers." />
            )}
          </Route>
          <Route path="/:id/edit">
            {(params) =>
              canUpdate ? (
                <CustomerEditor
                  id={params.id}
                  onSaved={() => navigate(withSearch(`/${params.id}`))}
                  onCancel={() => navigate(withSearch(`/${params.id}`))}
                />
              ) : (
                <Empty title="Your API token cannot edit customers." />
              )
            }
          </Route>
          <Route path="/:id">
            {(params) => (
              <CustomerDetail
                key={params.id}
                id={params.id}
                onEdit={() => navigate(withSearch(`/${params.id}/edit`))}
                onDeleted={() => navigate(withSearch("/"))}
              />
            )}
          </Route>
          <Route>
            <Empty title="Select a customer">
              <p className="pa-muted">Pick one from the list, or search by name, email, company or reference.</p>
            </Empty>
          </Route>
        </Switch>
      </section>
    </div>
  )
}
