/**
 * The example receivers of examples/webhook-receiver, which docs/webhooks.md shows: Node with the `standardwebhooks`
 * package and Python with plain HMAC each accept a delivery signed as the worker signs it (`Signing.headers`, with two
 * live secrets as during a rotation) and refuse one whose body, signature or timestamp is not the signed one.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process"
import { randomBytes } from "node:crypto"
import { createServer } from "node:net"
import { join, resolve } from "node:path"
import { WebhookSecret } from "@patron/domain"
import { Signing } from "@patron/webhook-worker"
import { afterEach, describe, expect, it } from "vitest"

const examples = resolve(import.meta.dirname, "../../../examples/webhook-receiver")
const isCI = process.env.CI === "true" || process.env.CI === "1"
const hasPython = spawnSync("python3", ["--version"]).status === 0
if (!hasPython && !isCI) console.warn("the Python receiver's test is skipped: no python3")

const freePort = () =>
  new Promise<number>((done, fail) => {
    const probe = createServer()
    probe.once("error", fail)
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number }
      probe.close(() => done(port))
    })
  })

const running: Array<ChildProcess> = []
afterEach(() => {
  for (const child of running.splice(0)) child.kill("SIGKILL")
})

const start = async (command: string, file: string, secret: string) => {
  const port = await freePort()
  const child = spawn(command, [join(examples, file)], {
    env: { ...process.env, WEBHOOK_SECRET: secret, PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"]
  })
  running.push(child)
  let output = ""
  child.stdout?.on("data", (chunk) => (output += String(chunk)))
  child.stderr?.on("data", (chunk) => (output += String(chunk)))
  const deadline = Date.now() + 20_000
  while (!output.includes("receiver listening")) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`${file} did not start:\n${output}`)
    await new Promise((done) => setTimeout(done, 50))
  }
  return { url: `http://127.0.0.1:${port}/webhooks`, output: () => output }
}

/** Waits until the receiver's output says `text`: its line may arrive after its answer. */
const printed = async (output: () => string, text: string, times = 1) => {
  const deadline = Date.now() + 5_000
  while (output().split(text).length - 1 < times && Date.now() < deadline) {
    await new Promise((done) => setTimeout(done, 20))
  }
  return output()
}

const newSecret = () => WebhookSecret.secretFromBytes(randomBytes(32))

const post = (url: string, body: string, headers: Readonly<Record<string, string>>) =>
  fetch(url, { method: "POST", body, headers }).then((response) => response.status)

describe.each([
  { receiver: "receiver.mjs", command: process.execPath, skip: false },
  { receiver: "receiver.py", command: "python3", skip: !hasPython && !isCI }
])("examples/webhook-receiver/$receiver", ({ receiver, command, skip }) => {
  it.skipIf(skip)(
    "accepts a delivery signed as the worker signs it and refuses any other",
    async () => {
      const secret = newSecret()
      const { url, output } = await start(command, receiver, secret)
      const body = JSON.stringify({
        type: "customer.updated",
        timestamp: new Date().toISOString(),
        data: { id: "cus_01JBZ0000000000000000000AA", lastName: "Lovelace ✓" }
      })
      const timestampSeconds = Math.floor(Date.now() / 1000)
      const messageId = "msg_01JBZ0000000000000000000AB"
      // During a rotation a delivery carries one signature per live secret; the receiver knows only the new one.
      const signed = Signing.headers({ messageId, timestampSeconds, body, secrets: [newSecret(), secret] })
      expect(await post(url, body, signed)).toBe(204)
      expect(await printed(output, `verified customer.updated ${messageId}`)).toContain(
        `verified customer.updated ${messageId}`
      )
      expect(await post(url, body.replace("Lovelace", "Byron"), signed)).toBe(400)
      const otherSecret = Signing.headers({ messageId, timestampSeconds, body, secrets: [newSecret()] })
      expect(await post(url, body, otherSecret)).toBe(400)
      const old = Signing.headers({ messageId, timestampSeconds: timestampSeconds - 3600, body, secrets: [secret] })
      expect(await post(url, body, old)).toBe(400)
      expect((await printed(output, "refused a delivery", 3)).match(/refused a delivery/g)).toHaveLength(3)
    },
    30_000
  )
})
