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

const address = (index: number) => within(screen.getByRole("region", { name: `Address ${index}` }))

/** The API's refusal of an input, as tRPC hands it to the form. */
const refusal = (issues: ReadonlyArray<{ path: ReadonlyArray<string | number>; message: string }>) =>
  TRPCClientError.from({
    error: { message: "the input is invalid", code: -32600, data: { code: "BAD_REQUEST", httpStatus: 400, issues } }
  })

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
    onSubmit.mockRejectedValueOnce(refusal([{ path: ["birthDate"], message: "must not be in the future" }]))
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

  it("focuses its first field when it opens", () => {
    renderForm()
    expect(document.activeElement).toBe(customerField("Type"))
  })

  it("sends no address row whose fields are all empty", async () => {
    const { onSubmit, user } = renderForm()
    await user.type(customerField("First name"), "Ada")
    await user.type(customerField("Last name"), "Lovelace")
    await user.click(screen.getByRole("button", { name: "Add billing address" }))
    await user.click(screen.getByRole("button", { name: "Add delivery address" }))
    await user.type(address(2).getByLabelText("City"), "London")
    await user.click(screen.getByRole("button", { name: "Create customer" }))

    expect(onSubmit).toHaveBeenCalledWith({
      kind: "create",
      input: {
        firstName: "Ada",
        lastName: "Lovelace",
        type: "individual",
        addresses: [{ type: "delivery", isDefault: true, city: "London" }]
      }
    })
  })

  it("puts the API's problem on the address row its path names, focused; one naming no field goes above the form", async () => {
    const { onSubmit, user } = renderForm()
    // The first row is blank, so it is not sent: the API's address 0 is the form's address 2.
    onSubmit.mockRejectedValueOnce(
      refusal([
        { path: ["addresses", 0, "postalCode"], message: "must be a postal code of GB" },
        { path: ["somethingElse"], message: "is not known here" }
      ])
    )
    await user.type(customerField("First name"), "Ada")
    await user.type(customerField("Last name"), "Lovelace")
    await user.click(screen.getByRole("button", { name: "Add billing address" }))
    await user.click(screen.getByRole("button", { name: "Add delivery address" }))
    await user.type(address(2).getByLabelText("Postal code"), "NOPE")
    await user.type(address(2).getByLabelText("Country (ISO code, like NO)"), "GB")
    await user.click(screen.getByRole("button", { name: "Create customer" }))

    const postalCode = address(2).getByLabelText("Postal code")
    await waitFor(() => expect(problemsOf(postalCode)).toEqual(["must be a postal code of GB"]))
    expect(problemsOf(address(1).getByLabelText("Postal code"))).toEqual([])
    expect(document.activeElement).toBe(postalCode)
    expect(screen.getByRole("alert").textContent).toContain("somethingElse is not known here")
  })

  it("maps an update's issue under patch to the metadata row holding that key", async () => {
    const { onSubmit, user } = renderForm(stored)
    onSubmit.mockRejectedValueOnce(refusal([{ path: ["patch", "meta", "set", "tier"], message: "is too long" }]))
    await user.type(screen.getByLabelText("Value 1"), "+")
    await user.click(screen.getByRole("button", { name: "Save changes" }))

    await waitFor(() => expect(problemsOf(screen.getByLabelText("Value 1"))).toEqual(["is too long"]))
    expect(problemsOf(screen.getByLabelText("Value 2"))).toEqual([])
    expect(document.activeElement).toBe(screen.getByLabelText("Value 1"))
  })

  it("focuses the first field with a problem when its own check refuses the save", async () => {
    const { user } = renderForm()
    await user.type(customerField("First name"), "Ada")
    await user.click(screen.getByRole("button", { name: "Create customer" }))
    await waitFor(() => expect(document.activeElement).toBe(customerField("Last name")))
  })
})
