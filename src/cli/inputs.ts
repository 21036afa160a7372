import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { glob } from "tinyglobby";

export interface Input {
  /** The name shown in reports: the path, or `<stdin>`. */
  name: string;
  bytes: Uint8Array;
}

/** An error that is the user's to fix (a missing file, a bad option): a message and exit code 2, no stack. */
export class UsageError extends Error {
  readonly exitCode = 2;
}

async function readStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function readInput(path: string): Promise<Input> {
  if (path === "-") return { name: "<stdin>", bytes: await readStdin() };
  try {
    return { name: path, bytes: await readFile(path) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory" : code === "EACCES" ? "permission denied" : (error as Error).message;
    throw new UsageError(`cannot read ${path}: ${reason}`);
  }
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
      const matches = (await glob(arg, { onlyFiles: true, dot: false })).sort();
      if (matches.length === 0) throw new UsageError(`no files match ${arg}`);
      for (const path of matches) specs.push({ kind: "file", path });
    } else specs.push({ kind: "file", path: arg });
  }
  if (specs.filter((s) => s.kind === "stdin").length > 1) throw new UsageError("standard input (-) can be read only once");
  return specs;
}
