import { render, screen, waitFor, within } from "@testing-library/react"
import userEvent from "@testing-library/user-event"
import { TRPCClientError } from "@trpc/client"
import { describe, expect, it, vi } from "vitest"
import type { WebhookEndpoint } from "../api/Api.ts"
import { EndpointForm, type EndpointSave } from "./EndpointForm.tsx"

const eventTypes = ["customer.created", "customer.updated", "customer.deleted"]

const renderForm = () => {
  const onSubmit = vi.fn<(save: EndpointSave) => Promise<unknown>>(async () => undefined)
  render(<EndpointForm eventTypes={eventTypes} onSubmit={onSubmit} onCancel={() => {}} />)
  return { onSubmit, user: userEvent.setup({ delay: null }) }
}

/** An endpoint as `webhooks.get` shows it: its header values hidden. */
const stored: WebhookEndpoint = {
  id: "whk_01JBZ0000000000000000000A1",
  url: "https://example.com/hook",
  events: ["*"],
  enabled: true,
  headers: { Authorization: "Bearer ••••", "X-Team": "••••" },
  createdAt: "2026-11-24T12:00:00.000Z",
  updatedAt: "2026-11-24T12:00:00.000Z"
}

const renderEdit = () => {
  const onSubmit = vi.fn<(save: EndpointSave) => Promise<unknown>>(async () => undefined)
  render(<EndpointForm endpoint={stored} eventTypes={eventTypes} onSubmit={onSubmit} onCancel={() => {}} />)
  return { onSubmit, user: userEvent.setup({ delay: null }) }
}

const problemsOf = (id: string) => {
  const list = document.getElementById(id)
  return list === null
    ? []
    : within(list)
        .getAllByRole("listitem")
        .map((item) => item.textContent)
}

describe("EndpointForm", () => {
  it("refuses an endpoint without a usable URL or any event type, saying so by each", async () => {
    const { onSubmit, user } = renderForm()
    await user.type(screen.getByLabelText("URL", { exact: false }), "ftp://example.com/hook")
    await user.click(screen.getByRole("button", { name: "Create endpoint" }))

    await waitFor(() => expect(problemsOf("pa-endpoint-url-errors")).toEqual(["must use http or https"]))
    expect(problemsOf("pa-endpoint-events-errors")[0]).toMatch(/^must list at least one event type: customer\.created/)
    expect(document.activeElement).toBe(screen.getByLabelText("URL", { exact: false }))
    expect(onSubmit).not.toHaveBeenCalled()
  })

  it("refuses a header that Patron sets itself, on the header's name", async () => {
    const { onSubmit, user } = renderForm()
    await user.type(screen.getByLabelText("URL", { exact: false }), "https://example.com/hook")
    await user.click(screen.getByLabelText("customer.created"))
    await user.click(screen.getByRole("button", { name: "Add header" }))
    await user.type(screen.getByLabelText("Header name 1"), "webhook-signature")
    await user.type(screen.getByLabelText("Header value 1"), "forged")
    await user.click(screen.getByRole("button", { name: "Create endpoint" }))

    const name = screen.getByLabelText("Header name 1")
    expect(name.getAttribute("aria-invalid")).toBe("true")
    expect(document.getElementById(`${name.id}-errors`)?.textContent).toContain(
      "is set by Patron and cannot be changed"
    )
    expect(onSubmit).not.toHaveBeenCalled()
  })

  it("subscribes to every type with *, which stands alone", async () => {
    const { onSubmit, user } = renderForm()
    await user.type(screen.getByLabelText("URL", { exact: false }), "https://example.com/hook")
    await user.click(screen.getByLabelText("customer.created"))
    await user.click(screen.getByLabelText("All event types (*), including future ones"))
    expect(screen.getByLabelText("customer.updated")).toHaveProperty("disabled", true)
    await user.click(screen.getByRole("button", { name: "Create endpoint" }))

    expect(onSubmit).toHaveBeenCalledWith({ kind: "create", input: { url: "https://example.com/hook", events: ["*"] } })
  })

  it("edits without touching hidden header values: only the description goes in the patch", async () => {
    const { onSubmit, user } = renderEdit()
    expect(screen.getByText(/Header values are hidden/)).toBeTruthy()
    await user.type(screen.getByLabelText("Description"), "CRM")
    await user.click(screen.getByRole("button", { name: "Save changes" }))

    await waitFor(() => expect(onSubmit).toHaveBeenCalledWith({ kind: "update", patch: { description: "CRM" } }))
  })

  it("sends hidden values back as read when another header changes, so the API keeps the stored ones", async () => {
    const { onSubmit, user } = renderEdit()
    await user.clear(screen.getByLabelText("Header value 2"))
    await user.type(screen.getByLabelText("Header value 2"), "finance")
    await user.click(screen.getByRole("button", { name: "Save changes" }))

    await waitFor(() =>
      expect(onSubmit).toHaveBeenCalledWith({
        kind: "update",
        patch: { headers: { Authorization: "Bearer ••••", "X-Team": "finance" } }
      })
    )
  })

  it("refuses a hidden value moved to another header name, on the value, asking for the real one", async () => {
    const { onSubmit, user } = renderEdit()
    await user.clear(screen.getByLabelText("Header name 1"))
    await user.type(screen.getByLabelText("Header name 1"), "X-Auth")
    await user.click(screen.getByRole("button", { name: "Save changes" }))

    const value = screen.getByLabelText("Header value 1")
    await waitFor(() => expect(value.getAttribute("aria-invalid")).toBe("true"))
    expect(document.getElementById(`${value.id}-errors`)?.textContent).toContain("send the real value")
    expect(onSubmit).not.toHaveBeenCalled()
  })

  it("focuses the URL when it opens", () => {
    renderForm()
    expect(document.activeElement).toBe(screen.getByLabelText("URL", { exact: false }))
  })

  it("puts the API's problem with a header, by its path under patch, on that header's value, focused", async () => {
    const { onSubmit, user } = renderEdit()
    onSubmit.mockRejectedValueOnce(
      TRPCClientError.from({
        error: {
          message: "the input is invalid",
          code: -32600,
          data: {
            code: "BAD_REQUEST",
            httpStatus: 400,
            issues: [{ path: ["patch", "headers", "X-Team"], message: "must be at most 1000 characters" }]
          }
        }
      })
    )
    await user.clear(screen.getByLabelText("Header value 2"))
    await user.type(screen.getByLabelText("Header value 2"), "finance")
    await user.click(screen.getByRole("button", { name: "Save changes" }))

    const value = screen.getByLabelText("Header value 2")
    await waitFor(() => expect(value.getAttribute("aria-invalid")).toBe("true"))
    expect(document.getElementById(`${value.id}-errors`)?.textContent).toBe("must be at most 1000 characters")
    expect(document.activeElement).toBe(value)
  })
})
