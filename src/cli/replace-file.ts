import { randomBytes } from "node:crypto";
import { open, realpath, rename, rm, stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { UsageError } from "./inputs.js";
import { describeFileError } from "./file-error.js";

/**
 * Replaces a file's content so that the original survives any failure (a full disk, a killed
 * process, a power cut): the text goes to a temporary file in the same directory, with the
 * original's mode (and owner, where allowed), is synced to disk, and is then renamed over the
 * original. On an error the temporary file is removed and the error is one line naming the file.
 */
export async function replaceFile(path: string, text: string | Uint8Array): Promise<void> {
  let temp: string | undefined;
  try {
    const target = await realpath(path); // a symlink keeps pointing at the file it names
    const original = await stat(target);
    temp = join(dirname(target), `.${basename(target)}.promtext-${randomBytes(6).toString("hex")}.tmp`);
    const handle = await open(temp, "wx", original.mode & 0o7777);
    try {
      await handle.writeFile(text);
      await handle.chmod(original.mode & 0o7777); // open's mode is cut by the umask
      if (original.uid !== process.getuid?.() || original.gid !== process.getgid?.()) await handle.chown(original.uid, original.gid).catch(() => {});
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, target);
    temp = undefined;
    await syncDirectory(dirname(target));
  } catch (error) {
    if (temp !== undefined) await rm(temp, { force: true }).catch(() => {});
    throw new UsageError(`cannot write ${path}: ${describeFileError(error)} (the file is unchanged)`);
  }
}

/** Makes the rename itself durable; some file systems cannot sync a directory, which is no reason to fail. */
async function syncDirectory(dir: string): Promise<void> {
  try {
    const handle = await open(dir, "r");
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // the file's content is already on disk
  }
}
