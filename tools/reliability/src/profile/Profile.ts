/**
 * A V8 `.cpuprofile` folded by source: each sampled frame of the bundle mapped back through its source map to the
 * file it came from, so time can be told by package (effect, @trpc/server, pg, Patron's own packages) and by function.
 */
import { readdirSync, readFileSync, statSync } from "node:fs"
import { SourceMap } from "node:module"
import { join } from "node:path"

interface CallFrame {
  readonly functionName: string
  readonly url: string
  readonly lineNumber: number
  readonly columnNumber: number
}

interface ProfileNode {
  readonly id: number
  readonly callFrame: CallFrame
  readonly hitCount?: number
  readonly children?: ReadonlyArray<number>
}

interface CpuProfile {
  readonly nodes: ReadonlyArray<ProfileNode>
  readonly startTime: number
  readonly endTime: number
  readonly samples: ReadonlyArray<number>
}

/** A frame as a person reads it: the function, its original file, and the package that file belongs to. */
export interface Frame {
  readonly name: string
  readonly source: string
  readonly owner: string
}

/** A profile's samples: each as the stack of frames it was taken in (outermost first), and the time a sample stands for. */
export interface Folded {
  readonly stacks: ReadonlyArray<{ readonly frames: ReadonlyArray<Frame>; readonly samples: number }>
  readonly millisPerSample: number
  readonly totalSamples: number
}

/** The newest `.cpuprofile` of a directory. */
export const newest = (directory: string): string => {
  const files = readdirSync(directory)
    .filter((name) => name.endsWith(".cpuprofile"))
    .map((name) => join(directory, name))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)
  if (files[0] === undefined) throw new Error(`no .cpuprofile in ${directory}`)
  return files[0]
}

/** Who a source belongs to: a package of node_modules, a workspace package, node itself, or V8. */
export const ownerOf = (source: string): string => {
  const module = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(source)
  if (module !== null) return module[1] as string
  const workspace = /(?:^|\/)(packages|apps)\/([^/]+)\//.exec(source)
  if (workspace !== null) return `@patron/${workspace[2]}`
  if (source.startsWith("node:")) return "node"
  return source === "" ? "(v8)" : source
}

const special = new Set(["(root)", "(program)", "(idle)", "(garbage collector)"])

/** Folds a profile of a bundle with its source map (`bundle.js.map`) into stacks of original frames. */
export const fold = (profileFile: string, sourceMapFile: string): Folded => {
  const profile = JSON.parse(readFileSync(profileFile, "utf8")) as CpuProfile
  const map = new SourceMap(JSON.parse(readFileSync(sourceMapFile, "utf8")))
  const bundle = sourceMapFile.replace(/\.map$/, "")
  const parents = new Map<number, number>()
  const byId = new Map<number, ProfileNode>()
  for (const node of profile.nodes) {
    byId.set(node.id, node)
    for (const child of node.children ?? []) parents.set(child, node.id)
  }
  const frames = new Map<number, Frame>()
  const frameOf = (node: ProfileNode): Frame => {
    const known = frames.get(node.id)
    if (known !== undefined) return known
    const { functionName, url, lineNumber, columnNumber } = node.callFrame
    const name = functionName === "" ? "(anonymous)" : functionName
    let source = url
    if (url.endsWith(bundle) && lineNumber >= 0) {
      const entry = map.findEntry(lineNumber, columnNumber) as { originalSource?: string; originalLine?: number }
      if (entry.originalSource !== undefined) source = `${entry.originalSource}:${(entry.originalLine ?? 0) + 1}`
    } else if (url !== "" && lineNumber >= 0) source = `${url}:${lineNumber + 1}`
    const frame = { name, source: source.replace(/^file:\/\//, ""), owner: special.has(name) ? name : ownerOf(source) }
    frames.set(node.id, frame)
    return frame
  }
  const counts = new Map<number, number>()
  for (const id of profile.samples) counts.set(id, (counts.get(id) ?? 0) + 1)
  const stacks = [...counts].map(([id, samples]) => {
    const path: Array<Frame> = []
    for (let at: number | undefined = id; at !== undefined; at = parents.get(at)) {
      const node = byId.get(at)
      if (node !== undefined && node.callFrame.functionName !== "(root)") path.unshift(frameOf(node))
    }
    return { frames: path, samples }
  })
  return {
    stacks,
    totalSamples: profile.samples.length,
    millisPerSample: (profile.endTime - profile.startTime) / 1000 / Math.max(1, profile.samples.length)
  }
}

const top = (totals: Map<string, number>, count: number) => [...totals].sort((a, b) => b[1] - a[1]).slice(0, count)

const percent = (samples: number, total: number) => `${((100 * samples) / total).toFixed(1).padStart(5)} %`

/**
 * The report: self time by owner, the functions with the most self time, and by owner the time spent anywhere
 * beneath its frames (inclusive), over the busy samples (idle excluded).
 */
export const report = (folded: Folded, rows = 25): string => {
  const busy = folded.stacks.filter((stack) => stack.frames.at(-1)?.name !== "(idle)")
  const total = busy.reduce((sum, stack) => sum + stack.samples, 0)
  const self = new Map<string, number>()
  const functions = new Map<string, number>()
  const inclusive = new Map<string, number>()
  for (const stack of busy) {
    const leaf = stack.frames.at(-1)
    if (leaf === undefined) continue
    self.set(leaf.owner, (self.get(leaf.owner) ?? 0) + stack.samples)
    const key = `${leaf.name}  ${leaf.source}`
    functions.set(key, (functions.get(key) ?? 0) + stack.samples)
    for (const owner of new Set(stack.frames.map((frame) => frame.owner))) {
      inclusive.set(owner, (inclusive.get(owner) ?? 0) + stack.samples)
    }
  }
  const lines = [
    `busy samples: ${total} (${Math.round(total * folded.millisPerSample)} ms of CPU; idle excluded)`,
    "",
    "self time by package            inclusive (time beneath its frames)"
  ]
  for (const [owner, samples] of top(self, 15)) {
    lines.push(`${percent(samples, total)}  ${owner.padEnd(26)} ${percent(inclusive.get(owner) ?? 0, total)}`)
  }
  lines.push("", "functions with the most self time")
  for (const [key, samples] of top(functions, rows)) lines.push(`${percent(samples, total)}  ${key}`)
  return lines.join("\n")
}
