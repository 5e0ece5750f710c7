import { render, screen, waitFor, within } from "@testing-library/react"
import userEvent from "@testing-library/user-event"
import { TRPCClientError } from "@trpc/client"
import { describe, expect, it, vi } from "vitest"
import type { Customer } from "../api/Api.ts"
import { CustomerForm, type CustomerSave } from "./CustomerForm.tsx"

/** The problems listed for a field, read the way assistive technology finds them: through aria-describedby. */
const problemsOf = (input: HTMLElement) => {
  const id = input
    .getAttribute("aria-describedby")
    ?.split(" ")
    .find((part) => part.endsWith("-errors"))
  const list = id === undefined ? null : document.getElementById(id)
  return list === null
    ? []
    : within(list)
        .getAllByRole("listitem")
        .map((item) => item.textContent)
}

const customerField = (label: string) =>
  within(screen.getByRole("group", { name: "Customer" })).getByLabelText(label, { exact: false })

const renderForm = (customer?: Customer) => {
  const onSubmit = vi.fn<(save: CustomerSave) => Promise<unknown>>(async () => undefined)
  render(<CustomerForm {...(customer === undefined ? {} : { customer })} onSubmit={onSubmit} onCancel={() => {}} />)
  return { onSubmit, user: userEvent.setup({ delay: null }) }
}

const stored: Customer = {
  id: "cus_01JE2E0000000000000000000B",
  identifier: "ada",
  type: "individual",
  firstName: "Ada",
  lastName: "Lovelace",
  addresses: [],
  meta: { tier: "gold", source: "import" },
  externalReferences: { erp: "E-1" },
  version: 3,
  createdAt: "2026-01-01T00:00:00.000Z",
  updatedAt: "2026-01-02T00:00:00.000Z"
}

describe("CustomerForm", () => {
  it("refuses a customer without a last name, saying so by the Last name field", async () => {
    const { onSubmit, user } = renderForm()
    await user.type(customerField("First name"), "Ada")
    await user.click(screen.getByRole("button", { name: "Create customer" }))

    // Validation and the API's answer arrive asynchronously (the Schemas load on first use).
    await waitFor(() => expect(problemsOf(customerField("Last name"))).toEqual(["is required"]))
    expect(customerField("Last name")).toHaveProperty("ariaInvalid", "true")
    expect(screen.getByRole("alert").textContent).toContain("Fix the problem below")
    expect(onSubmit).not.toHaveBeenCalled()
  })

  it("shows every rule of the domain Schema that the values break, each by its own field", async () => {
    const { onSubmit, user } = renderForm()
    await user.type(customerField("Email"), "ada-at-example")
    await user.type(customerField("Phone"), "call me")
    await user.click(screen.getByRole("button", { name: "Add metadata entry" }))
    await user.type(screen.getByLabelText("Key 1"), "bad key")
    await user.type(screen.getByLabelText("Value 1"), "x")
    await user.click(screen.getByRole("button", { name: "Add billing address" }))
    await user.type(screen.getByLabelText("Country (ISO code, like NO)"), "XX")
    await user.click(screen.getByRole("button", { name: "Create customer" }))

    await waitFor(() => expect(problemsOf(customerField("First name"))).toEqual(["is required"]))
    expect(problemsOf(customerField("Last name"))).toEqual(["is required"])
    expect(problemsOf(customerField("Email"))).toEqual(["must be a valid email address, like ada@example.com"])
    expect(problemsOf(customerField("Phone"))).toEqual([
      "may hold only digits, spaces and + ( ) - .",
      "must contain a digit"
    ])
    expect(problemsOf(screen.getByLabelText("Key 1"))).toEqual(["may hold only letters, digits and _ . -"])
    expect(problemsOf(screen.getByLabelText("Country (ISO code, like NO)"))).toEqual([
      "must be an ISO 3166-1 alpha-2 country code, like NO or US"
    ])
    expect(onSubmit).not.toHaveBeenCalled()
  })

  it("sends a valid new customer with empty optional fields left out", async () => {
    const { onSubmit, user } = renderForm()
    await user.type(customerField("First name"), " Grace ")
    await user.type(customerField("Last name"), "Hopper")
    await user.click(screen.getByRole("button", { name: "Create customer" }))

    expect(onSubmit).toHaveBeenCalledWith({
      kind: "create",
      input: { firstName: " Grace ", lastName: "Hopper", type: "individual" }
    })
  })

  it("shows a problem the API reports (a birth date in the future) by its field", async () => {
    const { onSubmit, user } = renderForm()
    onSubmit.mockRejectedValueOnce(
      TRPCClientError.from({
        error: {
          message: "the input is invalid",
          code: -32600,
          data: {
            code: "BAD_REQUEST",
            httpStatus: 400,
            issues: [{ path: ["birthDate"], message: "must not be in the future" }]
          }
        }
      })
    )
    await user.type(customerField("First name"), "Ada")
    await user.type(customerField("Last name"), "Lovelace")
    await user.click(screen.getByRole("button", { name: "Create customer" }))

    await waitFor(() => expect(problemsOf(customerField("Birth date"))).toEqual(["must not be in the future"]))
  })

  it("edits with a patch that merges metadata: changed keys set, removed keys unset, the rest untouched", async () => {
    const { onSubmit, user } = renderForm(stored)
    await user.clear(screen.getByLabelText("Value 1"))
    await user.type(screen.getByLabelText("Value 1"), "platinum")
    await user.click(screen.getByRole("button", { name: "Remove metadata entry 2" }))
    await user.type(customerField("Email"), "ada@example.com")
    await user.click(screen.getByRole("button", { name: "Save changes" }))

    expect(onSubmit).toHaveBeenCalledWith({
      kind: "update",
      patch: { email: "ada@example.com", meta: { set: { tier: "platinum" }, unset: ["source"] } }
    })
  })
})
