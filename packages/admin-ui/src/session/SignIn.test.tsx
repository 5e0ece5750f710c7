import { render, screen } from "@testing-library/react"
import { describe, expect, it } from "vitest"
import { SessionProvider } from "./Session.tsx"
import { SignIn } from "./SignIn.tsx"

describe("SignIn", () => {
  it("says where the admin token is and how to make one, and the token field points to it", () => {
    render(
      <SessionProvider apiUrl="http://127.0.0.1:4000/trpc">
        <SignIn />
      </SessionProvider>
    )
    const hint = document.getElementById("pa-signin-hint")
    expect(hint?.textContent).toContain(".patron/admin-token under the directory where pnpm start ran")
    expect(hint?.textContent).toContain("pnpm patron token create --tenant default --role admin")
    expect(hint?.textContent).not.toMatch(/pat_/)
    expect(screen.getByLabelText("API token").getAttribute("aria-describedby")).toBe("pa-signin-hint")
  })
})
