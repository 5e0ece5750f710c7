import { render, screen } from "@testing-library/react"
import userEvent from "@testing-library/user-event"
import { describe, expect, it, vi } from "vitest"
import { DeleteCustomerDialog } from "./DeleteCustomerDialog.tsx"
import { deletionSummary } from "./DeletionSummary.ts"

const preview = { preservedOrderCount: 2, deletedSubscriptionContractIds: ["sub_01JE2E0000000000000000000C"] }

const renderDialog = (props: Partial<Parameters<typeof DeleteCustomerDialog>[0]> = {}) => {
  const onOpenChange = vi.fn()
  const onConfirm = vi.fn()
  render(
    <DeleteCustomerDialog
      customerName="Ada Lovelace"
      open
      onOpenChange={onOpenChange}
      preview={preview}
      isDeleting={false}
      onConfirm={onConfirm}
      {...props}
    />
  )
  return { onOpenChange, onConfirm, user: userEvent.setup({ delay: null }) }
}

describe("deletionSummary", () => {
  it("says how many orders are kept and how many subscription contracts are deleted", () => {
    expect(deletionSummary(preview)).toBe("2 orders will be kept; 1 subscription contract will be deleted.")
    expect(deletionSummary({ preservedOrderCount: 1, deletedSubscriptionContractIds: ["a", "b"] })).toBe(
      "1 order will be kept; 2 subscription contracts will be deleted."
    )
  })

  it("says plainly when there is nothing to keep or delete", () => {
    expect(deletionSummary({ preservedOrderCount: 0, deletedSubscriptionContractIds: [] })).toBe(
      "It has no orders; no subscription contracts will be deleted."
    )
  })
})

describe("DeleteCustomerDialog", () => {
  it("states what the deletion will do before it can be confirmed", async () => {
    const { onConfirm, user } = renderDialog()
    const dialog = screen.getByRole("alertdialog", { name: "Delete Ada Lovelace?" })
    expect(dialog.textContent).toContain("2 orders will be kept; 1 subscription contract will be deleted.")
    expect(dialog.textContent).toContain("This cannot be undone.")
    await user.click(screen.getByRole("button", { name: "Delete customer" }))
    expect(onConfirm).toHaveBeenCalledOnce()
  })

  it("cannot be confirmed while what it would do is still unknown", () => {
    renderDialog({ preview: undefined })
    expect(screen.getByRole("status").textContent).toContain("Checking what the deletion would do")
    expect(screen.getByRole("button", { name: "Delete customer" })).toHaveProperty("disabled", true)
  })

  it("puts focus on Cancel and closes on Escape without deleting", async () => {
    const { onOpenChange, onConfirm, user } = renderDialog()
    expect(document.activeElement).toBe(screen.getByRole("button", { name: "Cancel" }))
    await user.keyboard("{Escape}")
    expect(onOpenChange).toHaveBeenCalledWith(false)
    expect(onConfirm).not.toHaveBeenCalled()
  })

  it("shows why the deletion failed, readably", () => {
    renderDialog({ deleteError: new Error("customer cus_1 not found") })
    expect(screen.getByRole("alert").textContent).toContain("customer cus_1 not found")
  })
})
