/**
 * The OpenAPI 3.1 document of the API as it is on the wire (tRPC's HTTP calls, no transformer): a query is
 * `GET /trpc/<name>?input=<URL-encoded JSON>`, a mutation `POST /trpc/<name>` with the JSON input as its body; an
 * answer is `{"result":{"data":…}}`, a refusal `{"error":{"message","code","data":{"code","httpStatus","path",
 * "issues"?}}}`; every call carries `Authorization: Bearer <API token>`. Built from the router (`Procedures.ts`):
 * JSON Schemas from the domain Schemas by effect's `SchemaRepresentation`, shared records as `components.schemas`.
 * The server serves it at `/openapi.json`; the docs generator writes the Markdown reference from the same document.
 */
import type { DomainError } from "@patron/domain"
import { TRPCError } from "@trpc/server"
import { getHTTPStatusCodeFromError } from "@trpc/server/http"
import type { TRPC_ERROR_CODE_KEY } from "@trpc/server/rpc"
import { JsonSchema, Schema, type SchemaAST, SchemaRepresentation } from "effect"
import { codes } from "./Failure.ts"
import * as OpenApiCsv from "./OpenApiCsv.ts"
import * as Procedures from "./Procedures.ts"

/** A JSON value of the document. */
export type Json = JsonSchema.JsonSchema

/** The HTTP status tRPC answers a code with. */
export const httpStatusOf = (code: TRPC_ERROR_CODE_KEY): number =>
  getHTTPStatusCodeFromError(new TRPCError({ code, message: code }))

/** A refusal any call may meet before its procedure runs, and why. */
export interface Refusal {
  readonly code: TRPC_ERROR_CODE_KEY
  readonly why: string
}

/** The permissions a procedure needs, in words: `customers:create` and `customers:update`. */
export const permissionsText = (procedure: Procedures.Procedure): string =>
  procedure.permissions.map((permission) => `\`${permission}\``).join(" and ")

/** The refusals of the host and of tRPC, by the kind of procedure they concern. */
export const refusalsOf = (procedure: Procedures.Procedure): ReadonlyArray<Refusal> => [
  { code: "BAD_REQUEST", why: "the input does not decode: `data.issues` names each field and what is wrong" },
  { code: "UNAUTHORIZED", why: "no valid API token in `Authorization: Bearer …`" },
  ...(procedure.permission === null
    ? []
    : [
        {
          code: "FORBIDDEN" as const,
          why: `the token's role does not hold ${procedure.permissions.length > 1 ? "all of " : ""}${permissionsText(procedure)}`
        }
      ]),
  ...(procedure.type === "mutation"
    ? [{ code: "PAYLOAD_TOO_LARGE" as const, why: "the body is larger than `PATRON_MAX_BODY_BYTES`" }]
    : []),
  { code: "TOO_MANY_REQUESTS", why: "the token is over `PATRON_RATE_LIMIT_PER_MINUTE` (see `Retry-After`)" },
  { code: "SERVICE_UNAVAILABLE", why: "the database is unavailable or the server is busy (see `Retry-After`)" },
  { code: "INTERNAL_SERVER_ERROR", why: "something went wrong on the server's side; nothing more is said" }
]

/** The tRPC code each domain failure of a procedure is answered with. */
export const failureCode = (tag: DomainError.Tag): TRPC_ERROR_CODE_KEY => codes[tag]

const errorEnvelope: Json = {
  type: "object",
  description: "tRPC's error envelope",
  required: ["error"],
  properties: {
    error: {
      type: "object",
      required: ["message", "code", "data"],
      properties: {
        message: { type: "string", description: "what is wrong, in words (the domain error's message)" },
        code: { type: "integer", description: "the JSON-RPC 2.0 code of the tRPC code" },
        data: {
          type: "object",
          required: ["code", "httpStatus"],
          properties: {
            code: { type: "string", description: "the tRPC code, such as NOT_FOUND" },
            httpStatus: { type: "integer" },
            path: { type: "string", description: "the procedure's name" },
            issues: {
              type: "array",
              description: "input problems: the path of each field and what is wrong with it",
              items: {
                type: "object",
                required: ["path", "message"],
                properties: {
                  path: { type: "array", items: { type: ["string", "integer"] } },
                  message: { type: "string" }
                }
              }
            }
          }
        }
      }
    }
  }
}

/** The JSON Schemas of every procedure's input and output, sharing named records as components. */
const schemasOf = (procedures: ReadonlyArray<Procedures.Procedure>) => {
  const asts: Array<SchemaAST.AST> = []
  const indexOf = (schema: Schema.Top) => asts.push(Schema.toCodecJson(schema).ast) - 1
  const places = procedures.map((procedure) => ({
    input: procedure.input === undefined ? undefined : indexOf(procedure.input),
    output: indexOf(procedure.answer.output)
  }))
  const [first, ...rest] = asts
  if (first === undefined) throw new Error("the router has no procedure")
  const multi = JsonSchema.toMultiDocumentOpenApi3_1(
    SchemaRepresentation.toJsonSchemaMultiDocument(SchemaRepresentation.toRepresentations([first, ...rest]))
  )
  const at = (index: number): Json => multi.schemas[index] ?? {}
  return {
    components: multi.definitions,
    of: (position: number) => ({
      input: places[position]?.input === undefined ? undefined : at(places[position].input),
      output: at(places[position]?.output ?? -1)
    })
  }
}

const retryAfter: Json = {
  description: "seconds to wait before calling again",
  schema: { type: "integer", minimum: 0 }
}

const responsesOf = (procedure: Procedures.Procedure, output: Json) => {
  const byStatus = new Map<number, Array<string>>()
  const add = (code: TRPC_ERROR_CODE_KEY, line: string) => {
    const status = httpStatusOf(code)
    byStatus.set(status, [...(byStatus.get(status) ?? []), line])
  }
  for (const refusal of refusalsOf(procedure)) add(refusal.code, `\`${refusal.code}\`: ${refusal.why}`)
  for (const tag of procedure.answer.failures) add(failureCode(tag), `\`${failureCode(tag)}\`: ${tag}`)
  const errors = Object.fromEntries(
    [...byStatus.entries()]
      .sort(([a], [b]) => a - b)
      .map(([status, lines]) => [
        String(status),
        {
          description: lines.join("; "),
          ...(status === 429 || status === 503 ? { headers: { "Retry-After": retryAfter } } : {}),
          content: { "application/json": { schema: { $ref: "#/components/schemas/TRPCError" } } }
        }
      ])
  )
  return {
    "200": {
      description: "tRPC's result envelope: the answer is `result.data`",
      content: {
        "application/json": {
          schema: {
            type: "object",
            required: ["result"],
            properties: { result: { type: "object", required: ["data"], properties: { data: output } } }
          }
        }
      }
    },
    ...errors
  }
}

const operationOf = (procedure: Procedures.Procedure, schemas: { input: Json | undefined; output: Json }) => {
  const permission =
    procedure.permission === null
      ? "Any valid API token."
      : `Needs the permission${procedure.permissions.length > 1 ? "s" : ""} ${permissionsText(procedure)}.`
  const common = {
    operationId: procedure.name,
    summary: procedure.answer.summary,
    description: `${procedure.type === "query" ? "Query" : "Mutation"}. ${permission}`,
    tags: [procedure.name.split(".")[0] ?? procedure.name],
    "x-patron-permission": procedure.permission,
    "x-patron-permissions": procedure.permissions,
    "x-patron-failures": procedure.answer.failures,
    responses: responsesOf(procedure, schemas.output)
  }
  if (procedure.type === "query") {
    return {
      get: {
        ...common,
        parameters:
          schemas.input === undefined
            ? []
            : [
                {
                  name: "input",
                  in: "query",
                  required: true,
                  description: "the input as JSON, URL-encoded",
                  content: { "application/json": { schema: schemas.input } }
                }
              ]
      }
    }
  }
  return {
    post: {
      ...common,
      ...(schemas.input === undefined
        ? {}
        : { requestBody: { required: true, content: { "application/json": { schema: schemas.input } } } })
    }
  }
}

/** The OpenAPI 3.1 document of the router. */
export const document = (options: { readonly version: string }): Json => {
  const procedures = Procedures.all()
  const schemas = schemasOf(procedures)
  return {
    openapi: "3.1.0",
    info: {
      title: "Patron API",
      version: options.version,
      description:
        "Patron's tRPC API as plain HTTP: queries are `GET /trpc/<name>?input=<URL-encoded JSON>`, mutations " +
        '`POST /trpc/<name>` with a JSON body. Answers come in tRPC\'s envelope `{"result":{"data":…}}`, ' +
        'refusals as `{"error":{"message","code","data":{"code","httpStatus","path","issues"}}}`. Several calls ' +
        "can go in one batch (`/trpc/a,b?batch=1`), as tRPC's clients send them."
    },
    servers: [{ url: "/" }],
    security: [{ bearerAuth: [] }],
    tags: [...new Set([...procedures.map((procedure) => procedure.name.split(".")[0] ?? procedure.name), "csv"])].map(
      (name) => ({ name })
    ),
    paths: {
      ...Object.fromEntries(
        procedures.map((procedure, position) => [
          `/trpc/${procedure.name}`,
          operationOf(procedure, schemas.of(position))
        ])
      ),
      ...OpenApiCsv.paths(schemas.of(procedures.findIndex((procedure) => procedure.name === "customers.list")).input)
    },
    components: {
      securitySchemes: {
        bearerAuth: { type: "http", scheme: "bearer", description: "an API token: pat_<id>.<secret>" }
      },
      schemas: { ...schemas.components, TRPCError: errorEnvelope }
    }
  }
}
