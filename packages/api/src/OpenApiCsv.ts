/**
 * The customer CSV routes served beside tRPC (docs/csv.md), as OpenAPI path items for the document of `/openapi.json`:
 * `GET /export/customers.csv?input=<customers.list filters>` and `POST /import/customers` (a `text/csv` body, the job
 * reported by `imports.get`). Their refusals have the router's error shape.
 */
import type { JsonSchema } from "effect"

type Json = JsonSchema.JsonSchema

const error = (description: string, retry = false): Json => ({
  description,
  ...(retry
    ? {
        headers: { "Retry-After": { description: "seconds to wait before calling again", schema: { type: "integer" } } }
      }
    : {}),
  content: { "application/json": { schema: { $ref: "#/components/schemas/TRPCError" } } }
})

const refusals = (permissions: string): Json => ({
  "401": error("`UNAUTHORIZED`: no valid API token"),
  "403": error(`\`FORBIDDEN\`: the token lacks ${permissions}`),
  "429": error("`TOO_MANY_REQUESTS`: the token is over `PATRON_RATE_LIMIT_PER_MINUTE`", true),
  "503": error("`SERVICE_UNAVAILABLE`: the database cannot be reached", true)
})

/** The path items, by path; `listInput` is the JSON Schema of `customers.list`'s input (the export's filters). */
export const paths = (listInput: Json | undefined): Record<string, Json> => ({
  "/export/customers.csv": {
    get: {
      operationId: "export.customers.csv",
      summary: "Every customer matching customers.list's filters, streamed as CSV (columns in docs/csv.md).",
      description:
        "Needs the permission `customers:read`. UTF-8 with a byte order mark, `,`, CRLF, RFC 4180 quoting; cells " +
        "starting with `=`, `+`, `-`, `@`, tab or CR get a leading `'`. `cursor` and `limit` are not taken.",
      tags: ["csv"],
      "x-patron-permissions": ["customers:read"],
      parameters: [
        {
          name: "input",
          in: "query",
          required: false,
          description: "customers.list's filters as JSON, URL-encoded (none: every customer)",
          content: { "application/json": { schema: listInput ?? { type: "object" } } }
        }
      ],
      responses: {
        "200": { description: "the CSV file", content: { "text/csv": { schema: { type: "string" } } } },
        "400": error("`BAD_REQUEST`: a filter is invalid; `data.issues` names it"),
        ...refusals("`customers:read`")
      }
    }
  },
  "/import/customers": {
    post: {
      operationId: "import.customers",
      summary: "Imports customers from a CSV file (columns in docs/csv.md) as a job, reported by imports.get.",
      description:
        "Needs the permissions `customers:create` and `customers:update`. The status and the `patron-import-id` " +
        "header come as soon as the job exists; the body `{ importId }` ends the answer once the file is imported.",
      tags: ["csv"],
      "x-patron-permissions": ["customers:create", "customers:update"],
      parameters: [
        {
          name: "match",
          in: "query",
          required: false,
          description: "`identifier` (the default) or `externalReference:<key>`: how a row finds its customer",
          schema: { type: "string" }
        },
        {
          name: "dryRun",
          in: "query",
          required: false,
          description: "`1`: check every row as an import would and write nothing",
          schema: { type: "string", enum: ["0", "1", "true", "false"] }
        }
      ],
      requestBody: {
        required: true,
        content: { "text/csv": { schema: { type: "string", description: "UTF-8 (a BOM is dropped); `,` or `;`" } } }
      },
      responses: {
        "202": {
          description: "the import's job, running",
          headers: { "patron-import-id": { description: "the job's id, imp_…", schema: { type: "string" } } },
          content: {
            "application/json": {
              schema: { type: "object", required: ["importId"], properties: { importId: { type: "string" } } }
            }
          }
        },
        "400": error("`BAD_REQUEST`: `match` or `dryRun` is invalid; `data.issues` names it"),
        "413": error("`PAYLOAD_TOO_LARGE`: the file is larger than `PATRON_MAX_IMPORT_BYTES`"),
        "415": error("`UNSUPPORTED_MEDIA_TYPE`: the body is not `text/csv`"),
        ...refusals("`customers:create` or `customers:update`")
      }
    }
  }
})
