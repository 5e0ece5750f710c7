/**
 * The procedure catalogue as the router declares it, for the API reference: each procedure's dotted name, whether it
 * is a query or a mutation, the permission it names (`needs`, read from its meta), the domain Schema its input is
 * decoded with (`Input.input` keeps the schema's AST beside its Standard Schema) and what it answers (`Answers.ts`).
 */
import type { Permission } from "@patron/domain"
import { Schema, type SchemaAST } from "effect"
import { type Answer, answers } from "./Answers.ts"
import { appRouter } from "./router.ts"
import type { Meta } from "./trpc.ts"

/** One procedure of the router. */
export interface Procedure {
  readonly name: string
  readonly type: "query" | "mutation"
  /** The permission the caller's token needs; null when any valid token may call it. */
  readonly permission: Permission.Permission | null
  /** Every permission the caller's token needs: `permission` and any further ones; empty for any valid token. */
  readonly permissions: ReadonlyArray<Permission.Permission>
  /** The Schema the input is decoded with; undefined when the procedure takes no input. */
  readonly input: Schema.Top | undefined
  readonly answer: Answer
}

interface Definition {
  readonly type: string
  readonly meta?: Meta
  readonly inputs: ReadonlyArray<{ readonly ast?: SchemaAST.AST }>
}

const definitions = (): ReadonlyArray<[string, Definition]> =>
  Object.entries((appRouter._def as unknown as { procedures: Record<string, { _def: Definition }> }).procedures).map(
    ([name, procedure]) => [name, procedure._def]
  )

/** Every procedure of the router, in the router's order. Fails when one has no entry in `Answers.ts`. */
export const all = (): ReadonlyArray<Procedure> =>
  definitions().map(([name, definition]) => {
    const answer = answers[name]
    if (answer === undefined) throw new Error(`the API reference has no answer for ${name}: add it to Answers.ts`)
    if (definition.type !== "query" && definition.type !== "mutation") throw new Error(`${name}: ${definition.type}`)
    if (definition.meta === undefined) throw new Error(`${name} names no permission: declare it with needs(…)`)
    const ast = definition.inputs[0]?.ast
    return {
      name,
      type: definition.type,
      permission: definition.meta.permission,
      permissions:
        definition.meta.permission === null ? [] : [definition.meta.permission, ...(definition.meta.also ?? [])],
      input: ast === undefined ? undefined : Schema.make<Schema.Top>(ast),
      answer
    }
  })
