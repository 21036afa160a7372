import { readFile } from "node:fs/promises";

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
