/**
 * `access.*`: who the caller is, the tenant's roles (admin cannot be changed or deleted) and API tokens (the secret
 * shown once, on creation). The caller is the grantor: it grants only what it holds (`Grant`).
 */
import { Access, ApiToken, InputRules, Principal, Role } from "@patron/domain"
import { Effect, Schema } from "effect"
import * as Encode from "../Encode.ts"
import { input } from "../Input.ts"
import { anyToken, needs, router } from "../trpc.ts"

const roles = router({
  list: needs("access:read").query(({ ctx }) =>
    ctx.exec(Access.listRoles().pipe(Effect.map((list) => list.map(Encode.role))))
  ),
  create: needs("access:create")
    .input(input(Role.CreateInput, ...Role.inputRules))
    .mutation(({ ctx, input }) => ctx.exec(Access.createRole(input, ctx.principal).pipe(Effect.map(Encode.role)))),
  update: needs("access:update")
    .input(
      input(Schema.Struct({ id: Role.RoleId, patch: Role.PatchInput }), InputRules.under(["patch"], ...Role.inputRules))
    )
    .mutation(({ ctx, input }) => ctx.exec(Access.updateRole(input, ctx.principal).pipe(Effect.map(Encode.role)))),
  delete: needs("access:delete")
    .input(input(Schema.Struct({ id: Role.RoleId })))
    .mutation(({ ctx, input }) => ctx.exec(Access.deleteRole(input.id, ctx.principal).pipe(Effect.map(Encode.role))))
})

const tokens = router({
  list: needs("access:read").query(({ ctx }) =>
    ctx.exec(Access.listTokens().pipe(Effect.map((list) => list.map(Encode.token))))
  ),
  create: needs("access:create")
    .input(input(ApiToken.CreateInput))
    .mutation(({ ctx, input }) =>
      ctx.exec(
        Access.createToken(input, ctx.principal).pipe(
          Effect.map(({ token, secret }) => ({ ...Encode.token(token), secret }))
        )
      )
    ),
  revoke: needs("access:delete")
    .input(input(Schema.Struct({ id: ApiToken.ApiTokenId })))
    .mutation(({ ctx, input }) => ctx.exec(Access.revokeToken(input.id, ctx.principal).pipe(Effect.map(Encode.token))))
})

export const access = router({
  me: anyToken.query(({ ctx }) => Principal.me(ctx.principal)),
  roles,
  tokens
})
