// A webhook receiver for Patron: verifies each delivery's Standard Webhooks signature with the `standardwebhooks`
// package and prints the event. WEBHOOK_SECRET is the endpoint's signing secret (whsec_…, in the answer to
// webhooks.create); PORT is where it listens (4001). Answers 204 to a verified delivery, 400 to anything else.
import { createServer } from "node:http"
import { Webhook } from "standardwebhooks"

const secret = process.env.WEBHOOK_SECRET
if (secret === undefined || secret === "") {
  console.error("set WEBHOOK_SECRET to the endpoint's signing secret (whsec_…)")
  process.exit(1)
}
const webhook = new Webhook(secret)
const port = Number(process.env.PORT ?? 4001)

createServer((req, res) => {
  const chunks = []
  req.on("data", (chunk) => chunks.push(chunk))
  req.on("end", () => {
    // Verify the raw body as it arrived: parsing and serializing it again would change the bytes that were signed.
    const body = Buffer.concat(chunks).toString("utf8")
    try {
      const event = webhook.verify(body, req.headers)
      console.log(`verified ${event.type} ${req.headers["webhook-id"]} ${JSON.stringify(event.data).slice(0, 120)}`)
      res.writeHead(204).end()
    } catch (error) {
      console.log(`refused a delivery: ${error instanceof Error ? error.message : String(error)}`)
      res.writeHead(400).end()
    }
  })
}).listen(port, "127.0.0.1", () => console.log(`receiver listening on http://127.0.0.1:${port}/webhooks`))
