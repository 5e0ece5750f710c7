import { Role } from "@patron/domain"
import { describe, expect, it } from "vitest"
import { checkValues, issuesUnder, place, rulesOf } from "./useSchemaForm.ts"

const roleRules = rulesOf(Role.CreateInput)
const roleFieldOf = (issue: { readonly path: ReadonlyArray<string | number> }) =>
  issue.path[0] === "name" || issue.path[0] === "permissions" ? issue.path[0] : undefined

describe("useSchemaForm's checks", () => {
  it("reports every problem of a domain Schema with its path, not just the first", () => {
    const issues = issuesUnder(roleRules, { permissions: ["customers:read", "no:such"] })
    expect(issues.map((issue) => issue.path)).toEqual([["name"], ["permissions", 1]])
  })

  it("places problems on the field their path names, and keeps the ones no field holds for the form", () => {
    const refusal = place(
      [
        { path: ["name"], message: "Missing key" },
        { path: ["name"], message: "Missing key" },
        { path: ["permissions", 1], message: "is not a permission" },
        { path: ["tenant"], message: "unknown field" },
        { path: [], message: "is refused" }
      ],
      roleFieldOf
    )
    expect(refusal.byField).toEqual({ name: ["is required"], permissions: ["is not a permission"] })
    expect(refusal.unplaced).toEqual(["tenant unknown field", "is refused"])
  })

  it("adds the form's own checks to the Schema's problems", () => {
    const refusal = checkValues(
      {
        rules: roleRules,
        toInput: (values: { name: string }) => ({ ...values, permissions: [] }),
        fieldOf: roleFieldOf,
        check: (values) => (values.name.trim() === "" ? { name: ["is required"] } : {})
      },
      { name: "  " }
    )
    expect(refusal.byField.name).toContain("is required")
    expect(
      checkValues({ rules: roleRules, toInput: (v) => v, fieldOf: roleFieldOf }, { name: "ops", permissions: [] })
    ).toEqual({ byField: {}, unplaced: [] })
  })
})
