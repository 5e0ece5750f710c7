import { assert, describe, it } from "@effect/vitest"
import { Result, Schema } from "effect"
import * as WebhookUrl from "./WebhookUrl.ts"

const decode = Schema.decodeUnknownResult(WebhookUrl.Url)

describe("WebhookUrl.Url", () => {
  it("accepts absolute http and https URLs, trimmed", () => {
    assert.deepStrictEqual(
      decode(" https://hooks.example.com/patron?x=1 "),
      Result.succeed("https://hooks.example.com/patron?x=1")
    )
    assert.isTrue(Result.isSuccess(decode("http://example.com:8080/")))
  })

  const refused: ReadonlyArray<readonly [string, unknown, string]> = [
    ["a relative path", "/webhooks", "must be an absolute URL"],
    ["no URL at all", "not a url", "must be an absolute URL"],
    ["another scheme", "ftp://example.com/", "must use http or https"],
    ["a javascript: URL", "javascript:alert(1)", "must use http or https"],
    ["credentials", "https://user:pass@example.com/", "must not contain a user name or password"],
    ["a user name alone", "https://user@example.com/", "must not contain a user name or password"],
    ["more than 2048 characters", `https://example.com/${"a".repeat(2040)}`, "must be at most 2048 characters"]
  ]
  for (const [name, input, message] of refused) {
    it(`refuses ${name}`, () => {
      const result = decode(input)
      assert.isTrue(Result.isFailure(result))
      if (Result.isFailure(result)) assert.include(result.failure.message, message)
    })
  }
})

describe("WebhookUrl.urlHostIsLiteralPrivate", () => {
  const table: ReadonlyArray<readonly [string, boolean]> = [
    ["http://169.254.169.254/", true],
    ["http://10.0.0.1/", true],
    ["http://[::1]/", true],
    ["http://localhost:3000/hook", true],
    ["http://LOCALHOST./", true],
    ["http://api.localhost/", true],
    ["http://127.1/", true],
    ["http://0x7f000001/", true],
    ["http://2130706433/", true],
    ["http://[::ffff:10.0.0.1]/", true],
    ["http://[fe80::1]/", true],
    ["http://0.0.0.0:8080/", true],
    ["https://hooks.example.com/", false],
    ["https://93.184.215.14/", false],
    ["https://[2606:4700:4700::1111]/", false],
    ["https://localhost.example.com/", false]
  ]
  for (const [url, isPrivate] of table) {
    it(`${isPrivate ? "flags" : "passes"} ${url}`, () => {
      assert.strictEqual(WebhookUrl.urlHostIsLiteralPrivate(url), isPrivate)
    })
  }
})

describe("WebhookUrl.ensureAllowed", () => {
  it("refuses the SSRF examples unless private delivery is allowed", () => {
    for (const url of ["http://169.254.169.254/", "http://10.0.0.1/", "http://[::1]/"]) {
      const refused = WebhookUrl.ensureAllowed(url, { allowPrivate: false })
      assert.isTrue(Result.isFailure(refused), url)
      if (Result.isFailure(refused)) {
        assert.strictEqual(refused.failure._tag, "WebhookUrlRefused")
        assert.strictEqual(refused.failure.url, url)
        assert.include(refused.failure.message, "private, loopback or link-local")
      }
      assert.deepStrictEqual(WebhookUrl.ensureAllowed(url, { allowPrivate: true }), Result.succeed(url))
    }
  })

  it("refuses a malformed URL even when private delivery is allowed", () => {
    assert.isTrue(Result.isFailure(WebhookUrl.ensureAllowed("ftp://10.0.0.1/", { allowPrivate: true })))
  })
})
