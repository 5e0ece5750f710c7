/**
 * The platform services effect's CLI runner asks for. It uses them for prompts (the wizard), file and directory
 * arguments and shell completions; `pnpm patron` has none of those (its arguments are plain strings and its only
 * built-in flag is --help, see `CliConfig` in cli.ts), and @effect/platform-node, which implements them on Node, needs
 * Node 22. So paths are effect's POSIX `Path`, standard I/O is this process's, and the rest refuse to be used.
 */
import { Effect, FileSystem, Layer, Path, Sink, Stdio, Stream, Terminal } from "effect"
import { ChildProcessSpawner } from "effect/process"

const write = (stream: NodeJS.WriteStream) => () =>
  // biome-ignore lint/suspicious/useIterableCallbackReturn: Sink.forEach's callback answers the effect of each chunk
  Sink.forEach((chunk: string | Uint8Array) => Effect.sync(() => void stream.write(chunk)))

const stdio = Stdio.make({
  args: Effect.sync(() => process.argv.slice(2)),
  stdout: write(process.stdout),
  stderr: write(process.stderr),
  stdin: Stream.empty
})

const noTerminal = Terminal.make({
  columns: Effect.sync(() => process.stdout.columns ?? 80),
  rows: Effect.sync(() => process.stdout.rows ?? 24),
  size: Effect.die("pnpm patron does not prompt"),
  readInput: Effect.die("pnpm patron does not prompt"),
  readLine: Effect.die("pnpm patron does not prompt"),
  display: (text) => Effect.sync(() => void process.stdout.write(text))
})

export const layer = Layer.mergeAll(
  Path.layer,
  FileSystem.layerNoop({}),
  Layer.succeed(Stdio.Stdio, stdio),
  Layer.succeed(Terminal.Terminal, noTerminal),
  Layer.succeed(
    ChildProcessSpawner.ChildProcessSpawner,
    ChildProcessSpawner.make(() => Effect.die("pnpm patron starts no processes"))
  )
)
