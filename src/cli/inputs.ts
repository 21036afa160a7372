import { closeSync, existsSync, fstatSync, openSync, readFileSync, readSync, type Stats, statSync } from "node:fs";
import { type FileHandle, open } from "node:fs/promises";
import type { InputFormat } from "../diagnostics/codes.js";
import { detectFormat } from "../parser/parse.js";
import { describeByteSize } from "./byte-size.js";
import { describeFileError } from "./file-error.js";
import { UsageError } from "./usage-error.js";

export interface Input {
  /** The name shown in reports: the path, or `<stdin>`. */
  name: string;
  bytes: Uint8Array;
}

export { UsageError };

/**
 * The most a command that reads its input whole (fmt, merge, push, gateway simulate, lint
 * --gateway-group, a gateway state) takes: the text must fit in one string, and V8's longest
 * is just under 512 MiB.
 */
export const MAX_WHOLE_BYTES = 500 * 1024 ** 2;

function tooLargeToReadWhole(name: string): UsageError {
  return new UsageError(`${name} is larger than ${describeByteSize(MAX_WHOLE_BYTES)}, the most promtext reads whole; promtext lint (without --gateway-group) reads any size as a stream`);
}

async function readWhole(chunks: AsyncIterable<Uint8Array | string>, name: string): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of chunks) {
    const bytes = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
    total += bytes.length;
    if (total > MAX_WHOLE_BYTES) throw tooLargeToReadWhole(name);
    parts.push(bytes);
  }
  return Buffer.concat(parts);
}

/** A file or standard input (`-`), read whole; a directory, a file too large for it, or a device that does not end is one line naming it. */
export async function readInput(path: string): Promise<Input> {
  if (path === "-") return { name: "<stdin>", bytes: await readWhole(stdinIsFile() ? readFileChunks(0, "<stdin>") : process.stdin, "<stdin>") };
  const fail = failureOf(path);
  const fd = openRegularFile(path, fail);
  if (fd !== undefined) {
    try {
      if (fstatSync(fd).size > MAX_WHOLE_BYTES) throw tooLargeToReadWhole(path);
      return { name: path, bytes: readFileSync(fd) };
    } catch (error) {
      throw error instanceof UsageError ? error : fail(error);
    } finally {
      closeSync(fd);
    }
  }
  const { handle, stat } = await openOther(path, fail);
  try {
    if (stat.size > MAX_WHOLE_BYTES) throw tooLargeToReadWhole(path);
    const bytes = stat.isFile() ? await handle.readFile() : await readWhole(handle.createReadStream({ autoClose: false }), path);
    return { name: path, bytes };
  } catch (error) {
    throw error instanceof UsageError ? error : fail(error);
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/** An input read as it arrives. */
export interface InputStream {
  /** The name shown in reports: the path, or `<stdin>`. */
  name: string;
  chunks: AsyncIterable<Uint8Array>;
  /** The format its end shows (a regular file's last line is read first), as parse() would detect it. */
  detected: InputFormat | undefined;
}

/** The cap on standard input and devices, where no size is known (`lint /dev/zero`); `--max-bytes` sets it. */
export const DEFAULT_MAX_STREAM_BYTES = 8 * 1024 ** 3;

/**
 * A file or standard input (`-`), to be read in chunks. A regular file's format is told by its
 * last bytes; standard input and devices are cut off past `maxBytes`. Read errors, at the
 * start or half way, are one line naming the file.
 */
export async function openInput(path: string, maxBytes = DEFAULT_MAX_STREAM_BYTES): Promise<InputStream> {
  if (path === "-") return { name: "<stdin>", chunks: capped(stdinIsFile() ? readFileChunks(0, "<stdin>") : process.stdin, "<stdin>", maxBytes), detected: undefined };
  const fail = failureOf(path);
  const fd = openRegularFile(path, fail);
  if (fd !== undefined) {
    try {
      const size = fstatSync(fd).size;
      const tail = Buffer.alloc(Math.min(8, size));
      if (tail.length > 0) readSync(fd, tail, 0, tail.length, size - tail.length);
      return { name: path, chunks: readFileChunks(fd, path), detected: detectFormat(tail.toString("latin1")) };
    } catch (error) {
      closeSync(fd);
      throw error instanceof UsageError ? error : fail(error);
    }
  }
  const { handle, stat } = await openOther(path, fail);
  try {
    if (!stat.isFile()) return { name: path, chunks: capped(readChunks(handle, path), path, maxBytes), detected: undefined };
    const tail = Buffer.alloc(Math.min(8, stat.size));
    if (tail.length > 0) await handle.read(tail, 0, tail.length, stat.size - tail.length);
    return { name: path, chunks: readChunks(handle, path), detected: detectFormat(tail.toString("latin1")) };
  } catch (error) {
    await handle.close();
    throw error instanceof UsageError ? error : fail(error);
  }
}

/** What a command says when `path` cannot be opened or read: one line naming it. */
function failureOf(path: string): (error: unknown) => never {
  return (error) => {
    throw new UsageError(`cannot read ${path}: ${describeFileError(error)}`);
  };
}

/**
 * What openRegularFile leaves (a FIFO, a device), opened asynchronously, with its stat; a
 * directory is refused.
 */
async function openOther(path: string, fail: (error: unknown) => never): Promise<{ handle: FileHandle; stat: Stats }> {
  const handle = await open(path).catch(fail);
  try {
    const stat = await handle.stat();
    if (stat.isDirectory()) fail(Object.assign(new Error("is a directory"), { code: "EISDIR" }));
    return { handle, stat };
  } catch (error) {
    await handle.close().catch(() => undefined);
    throw error instanceof UsageError ? error : fail(error);
  }
}

/**
 * A regular file opened for reading, or undefined for anything else (a directory, a FIFO, a
 * device: those are opened asynchronously, since opening or reading them may wait). A regular
 * file is read synchronously: it never waits long, and a small one is read before the thread
 * pool that asynchronous reads need would have started.
 */
function openRegularFile(path: string, fail: (error: unknown) => never): number | undefined {
  let isFile: boolean;
  try {
    isFile = statSync(path).isFile();
  } catch (error) {
    return fail(error);
  }
  if (!isFile) return undefined;
  try {
    return openSync(path, "r");
  } catch (error) {
    return fail(error);
  }
}

/**
 * A regular file's chunks of 64 KiB, read synchronously as they are asked for, from its start
 * and then closed; or, for standard input redirected from a file (`fd` 0), from where it stands
 * (a shell may have read some of it), left open.
 */
async function* readFileChunks(fd: number, path: string): AsyncGenerator<Uint8Array> {
  const stdin = fd === 0;
  try {
    for (let position = 0; ; ) {
      const chunk = Buffer.allocUnsafe(1 << 16);
      const n = readSync(fd, chunk, 0, chunk.length, stdin ? null : position);
      if (n === 0) return;
      position += n;
      yield n === chunk.length ? chunk : chunk.subarray(0, n);
    }
  } catch (error) {
    failureOf(path)(error);
  } finally {
    if (!stdin) closeSync(fd);
  }
}

/** Whether standard input is a regular file (`promtext lint - < file`), which is then read synchronously too. */
function stdinIsFile(): boolean {
  try {
    return fstatSync(0).isFile();
  } catch {
    return false;
  }
}

async function* readChunks(handle: FileHandle, path: string): AsyncGenerator<Uint8Array> {
  try {
    for await (const chunk of handle.createReadStream({ highWaterMark: 1 << 16 })) yield chunk as Buffer;
  } catch (error) {
    failureOf(path)(error);
  } finally {
    await handle.close().catch(() => undefined);
  }
}

async function* capped(chunks: AsyncIterable<Uint8Array | string>, name: string, maxBytes: number): AsyncGenerator<Uint8Array> {
  let total = 0;
  for await (const chunk of chunks) {
    const bytes = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
    total += bytes.length;
    if (total > maxBytes) throw new UsageError(`${name} is larger than ${describeByteSize(maxBytes)}; promtext stopped reading it (--max-bytes)`);
    yield bytes;
  }
}

/**
 * A command's inputs: those given, or standard input when none is given and it is a pipe
 * (`curl … | promtext lint`); none at all is a usage error.
 */
export function givenOrStdin(args: readonly string[]): string[] {
  if (args.length > 0) return [...args];
  if (process.stdin.isTTY !== true) return ["-"];
  throw new UsageError("no input: give one or more files, quoted globs, URLs, or - for standard input");
}

/** What a command-line argument names: a file, standard input, or a URL to scrape. */
export type InputSpec = { kind: "file"; path: string } | { kind: "stdin" } | { kind: "url"; url: string };

const GLOB_CHARS = /[*?[\]{}]/;

/**
 * Files, `-`, `http(s)://` URLs and globs (`'metrics/**\/*.prom'`, quoted so that promtext, not
 * the shell, expands them). A glob that matches nothing is a usage error.
 */
export async function resolveInputs(args: readonly string[]): Promise<InputSpec[]> {
  const specs: InputSpec[] = [];
  for (const arg of args) {
    if (arg === "-") specs.push({ kind: "stdin" });
    else if (/^https?:\/\//i.test(arg)) specs.push({ kind: "url", url: arg });
    else if (GLOB_CHARS.test(arg) && !existsSync(arg)) {
      const { glob } = await import("tinyglobby");
      const matches = (await glob(arg, { onlyFiles: true, dot: false })).sort();
      if (matches.length === 0) throw new UsageError(`no files match ${arg}`);
      for (const path of matches) specs.push({ kind: "file", path });
    } else specs.push({ kind: "file", path: arg });
  }
  if (specs.filter((s) => s.kind === "stdin").length > 1) throw new UsageError("standard input (-) can be read only once");
  return specs;
}
