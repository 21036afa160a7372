import { createWriteStream } from "node:fs";
import { once } from "node:events";
import type { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import { describeFileError } from "./file-error.js";
import { UsageError } from "./inputs.js";

/**
 * The one way promtext writes its output. Node writes to a pipe asynchronously: `writeSync(1, …)`
 * fails with EAGAIN (or writes part) once a slow reader lets the pipe fill up, and `process.exit`
 * drops what is still queued. So everything goes through `stream.write` with backpressure, and a
 * command returns only once its output is flushed.
 */

/** What a command prints: one string, or its pieces in order (a generator, so no giant string is built). */
export type Output = string | Uint8Array | Iterable<string> | AsyncIterable<string>;

/** Pieces are joined into writes of about this many UTF-16 units: one write per diagnostic would be slow. */
const BATCH = 64 * 1024;

function* batchedSync(pieces: Iterable<string>): Generator<string> {
  let buffer = "";
  for (const piece of pieces) {
    buffer += piece;
    if (buffer.length >= BATCH) {
      yield buffer;
      buffer = "";
    }
  }
  if (buffer !== "") yield buffer;
}

async function* batchedAsync(pieces: AsyncIterable<string>): AsyncGenerator<string> {
  let buffer = "";
  for await (const piece of pieces) {
    buffer += piece;
    if (buffer.length >= BATCH) {
      yield buffer;
      buffer = "";
    }
  }
  if (buffer !== "") yield buffer;
}

function batched(output: Output): Iterable<string | Uint8Array> | AsyncIterable<string> {
  if (typeof output === "string" || output instanceof Uint8Array) return output.length === 0 ? [] : [output];
  return Symbol.asyncIterator in output ? batchedAsync(output) : batchedSync(output);
}

/** Writes every batch, waiting for 'drain' when the stream's buffer is full; resolves once the last byte is handed to the system. */
async function writeAll(stream: Writable, output: Output): Promise<void> {
  let flushed: Promise<void> = Promise.resolve();
  for await (const batch of batched(output)) {
    let accepted = true;
    flushed = new Promise<void>((resolve, reject) => {
      accepted = stream.write(batch, (error) => (error ? reject(error) : resolve()));
    });
    // a failed write also emits 'error', which is where it is handled
    flushed.catch(() => {});
    if (!accepted) await once(stream, "drain");
  }
  await flushed;
}

/** The exit code to end with when the reader closes stdout before all of it is written. */
let exitCodeIfClosed: number | undefined;

/**
 * Writes to stdout, resolving when all of it is flushed. `exitCode`: the command's exit code, when
 * it is known before its output is written (the reader of `promtext lint bad.prom | head` closes
 * the pipe early, and the process then ends with the verdict, not 0).
 */
export async function writeStdout(output: Output, options: { exitCode?: number } = {}): Promise<void> {
  exitCodeIfClosed = options.exitCode;
  try {
    await writeAll(process.stdout, output);
  } catch (error) {
    if (isBrokenPipe(error)) endQuietly();
    throw error;
  } finally {
    exitCodeIfClosed = undefined;
  }
}

/** Writes to stderr, resolving when all of it is flushed (messages can be large: a whole refused path, a gateway's answer). */
export async function writeStderr(output: Output): Promise<void> {
  try {
    await writeAll(process.stderr, output);
  } catch (error) {
    if (isBrokenPipe(error)) endQuietly();
    throw error;
  }
}

/** Writes to a file (`--output`); an error is the user's to fix: one line, exit 2. */
export async function writeFileOutput(path: string, output: Output): Promise<void> {
  try {
    await pipeline(Readable.from(batched(output), { objectMode: false }), createWriteStream(path));
  } catch (error) {
    throw new UsageError(`cannot write ${path}: ${describeFileError(error)}`);
  }
}

/** A reader that stops early (`promtext … | head`) closes the pipe: not an error worth a word. */
export function isBrokenPipe(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === "EPIPE";
}

/** The reader went away: nothing more can be shown, so the process ends, quietly, with the exit code so far. */
export function endQuietly(): never {
  process.exit(exitCodeIfClosed ?? process.exitCode ?? 0);
}

/** Ends the process quietly when the reader of stdout or stderr goes away; other errors on them are thrown as before. Called once, by main. */
export function endQuietlyOnClosedPipe(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (error) => {
      if (isBrokenPipe(error)) endQuietly();
      throw error;
    });
  }
}
