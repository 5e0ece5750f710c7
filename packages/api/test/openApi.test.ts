import { Validator } from "@seriousme/openapi-schema-validator"
import { describe, expect, it } from "vitest"
import { appRouter, OpenApi, Procedures } from "../src/index.ts"

const document = OpenApi.document({ version: "0.0.0-test" }) as {
  readonly openapi: string
  readonly paths: Record<string, Record<string, Record<string, unknown>>>
  readonly components: { readonly schemas: Record<string, unknown> }
}
const routerProcedures = Object.keys((appRouter._def as unknown as { procedures: object }).procedures)

const refsIn = (value: unknown): ReadonlyArray<string> =>
  typeof value !== "object" || value === null
    ? []
    : Object.entries(value).flatMap(([key, inner]) =>
        key === "$ref" && typeof inner === "string" ? [inner] : refsIn(inner)
      )

describe("OpenApi.document", () => {
  it("is a valid OpenAPI 3.1 document", async () => {
    const validator = new Validator()
    const result = await validator.validate(structuredClone(document) as never)
    expect(result.errors ?? []).toEqual([])
    expect(result.valid).toBe(true)
    expect(validator.version).toBe("3.1")
    const broken = structuredClone(document) as Record<string, unknown>
    delete broken.info
    expect((await new Validator().validate(broken as never)).valid).toBe(false)
  })

  it("describes every procedure of the router, queries as GET and mutations as POST", () => {
    expect(routerProcedures.length).toBeGreaterThan(30)
    const paths = Object.keys(document.paths)
    const described = paths.filter((path) => path.startsWith("/trpc/")).map((path) => path.replace("/trpc/", ""))
    expect(described).toEqual(routerProcedures)
    // Beside tRPC, only the customer CSV routes.
    expect(paths.filter((path) => !path.startsWith("/trpc/"))).toEqual(["/export/customers.csv", "/import/customers"])
    for (const procedure of Procedures.all()) {
      const methods = Object.keys(document.paths[`/trpc/${procedure.name}`] ?? {})
      expect({ name: procedure.name, methods }).toEqual({
        name: procedure.name,
        methods: [procedure.type === "query" ? "get" : "post"]
      })
    }
  })

  it("describes the customer CSV routes served beside tRPC, with their permissions and media types", () => {
    const exported = document.paths["/export/customers.csv"]?.get as Record<string, unknown>
    expect(exported["x-patron-permissions"]).toEqual(["customers:read"])
    expect(JSON.stringify(exported.responses)).toContain("text/csv")
    const imported = document.paths["/import/customers"]?.post as Record<string, unknown>
    expect(imported["x-patron-permissions"]).toEqual(["customers:create", "customers:update"])
    expect(JSON.stringify(imported.requestBody)).toContain("text/csv")
    expect(imported.responses).toHaveProperty("202")
  })

  it("names the permission each procedure's middleware enforces", () => {
    const permissions = Object.fromEntries(Procedures.all().map((p) => [p.name, p.permission]))
    expect(permissions["customers.create"]).toBe("customers:create")
    expect(permissions["usage.summary"]).toBe("usage:read")
    expect(permissions["access.tokens.revoke"]).toBe("access:delete")
    expect(permissions["access.me"]).toBeNull()
    const operation = document.paths["/trpc/customers.delete"]?.post as Record<string, unknown>
    expect(operation["x-patron-permission"]).toBe("customers:delete")
    expect(operation.responses).toHaveProperty("403")
    expect(operation.responses).toHaveProperty("404")
    expect(operation.responses).toHaveProperty("409")
    expect(operation.responses).toHaveProperty(["429", "headers", "Retry-After"])
  })

  it("sends a query's input as the input parameter and a mutation's as its JSON body", () => {
    const list = document.paths["/trpc/customers.list"]?.get as { parameters: Array<{ name: string; in: string }> }
    expect(list.parameters.map((p) => [p.name, p.in])).toEqual([["input", "query"]])
    const create = document.paths["/trpc/customers.create"]?.post as {
      requestBody: { content: { "application/json": { schema: { properties: Record<string, unknown> } } } }
    }
    expect(Object.keys(create.requestBody.content["application/json"].schema.properties)).toContain("lastName")
  })

  it("resolves every $ref to a component it holds", () => {
    const refs = new Set(refsIn(document))
    expect(refs.size).toBeGreaterThan(3)
    for (const ref of refs) {
      expect(ref).toMatch(/^#\/components\/schemas\//)
      expect(document.components.schemas).toHaveProperty(ref.replace("#/components/schemas/", ""))
    }
  })
})
