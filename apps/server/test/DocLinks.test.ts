/**
 * README.md and docs/ hold together on a clone: every relative link points to a file of the repository and every
 * anchor to a heading of its file (as GitHub names headings), nothing points outside the repository (`../shared`),
 * and what docs/webhooks.md shows is what the code does (the event catalogue, the Python receiver's verify).
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs"
import { dirname, join, relative, resolve } from "node:path"
import { DomainEvent } from "@patron/domain"
import { describe, expect, it } from "vitest"

const root = resolve(import.meta.dirname, "../../..")
const pages = [
  "README.md",
  ...readdirSync(join(root, "docs"))
    .filter((name) => name.endsWith(".md"))
    .map((name) => `docs/${name}`)
]
const read = (path: string) => readFileSync(join(root, path), "utf8")

/** The text of a page outside its fenced code blocks and inline code. */
const prose = (markdown: string) => markdown.replace(/```[\s\S]*?```/g, "").replace(/`[^`\n]*`/g, "")

/** The anchors GitHub gives a page's headings: lower case, punctuation dropped, spaces as dashes, repeats numbered. */
const anchorsOf = (markdown: string): ReadonlySet<string> => {
  const seen = new Map<string, number>()
  const anchors = new Set<string>()
  for (const match of markdown.replace(/```[\s\S]*?```/g, "").matchAll(/^#{1,6} (.+)$/gm)) {
    const slug = (match[1] ?? "")
      .trim()
      .toLowerCase()
      .replace(/[^\p{L}\p{N} _-]/gu, "")
      .replace(/ /g, "-")
    const count = seen.get(slug) ?? 0
    seen.set(slug, count + 1)
    anchors.add(count === 0 ? slug : `${slug}-${count}`)
  }
  return anchors
}

const linksOf = (markdown: string) =>
  [...prose(markdown).matchAll(/\]\(([^)\s]+)\)/g)]
    .map((match) => match[1] ?? "")
    .filter((target) => !/^[a-z]+:/.test(target))

describe("the documentation's links", () => {
  it("finds the pages: README.md and docs/", () => {
    expect(pages).toEqual(
      expect.arrayContaining([
        "README.md",
        "docs/guide.md",
        "docs/webhooks.md",
        "docs/configuration.md",
        "docs/api-reference.md"
      ])
    )
  })

  it.each(pages)("%s links only to files and headings of the repository", (page) => {
    const markdown = read(page)
    const broken: Array<string> = []
    for (const target of linksOf(markdown)) {
      const [path = "", anchor] = target.split("#")
      const file = path === "" ? join(root, page) : resolve(dirname(join(root, page)), decodeURIComponent(path))
      if (relative(root, file).startsWith("..") || !existsSync(file)) {
        broken.push(`${target}: no such file in the repository`)
        continue
      }
      if (anchor !== undefined && !(statSync(file).isFile() && anchorsOf(readFileSync(file, "utf8")).has(anchor))) {
        broken.push(`${target}: no heading #${anchor} in ${relative(root, file)}`)
      }
    }
    expect(broken).toEqual([])
    expect(markdown).not.toContain("../shared")
  })

  it("names headings as GitHub does", () => {
    const anchors = anchorsOf(
      "# Patron guide\n## N servers and M workers on one PostgreSQL\n### `customers.list`\n## A\n## A\n"
    )
    expect([...anchors]).toEqual([
      "patron-guide",
      "n-servers-and-m-workers-on-one-postgresql",
      "customerslist",
      "a",
      "a-1"
    ])
  })
})

describe("docs/webhooks.md", () => {
  const webhooks = read("docs/webhooks.md")

  it("lists the event catalogue the domain has", () => {
    const listed = [...webhooks.matchAll(/^\| `([a-z_.]+)` +\|/gm)].map((match) => match[1])
    expect(listed).toEqual([...DomainEvent.eventTypes])
  })

  it("shows the Python receiver's verify as examples/webhook-receiver/receiver.py has it", () => {
    const shown = /```python\n[\s\S]*?(def verify[\s\S]*?)```/.exec(webhooks)?.[1]
    expect(shown).toBeDefined()
    expect(read("examples/webhook-receiver/receiver.py")).toContain(shown?.trimEnd())
  })
})
