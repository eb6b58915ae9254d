// Every output is produced under a hidden temp name in its final folder and then moved into place,
// so a reader never sees a half-written file; Ctrl-C removes the temp files still in flight. Temp names are short
// whatever the output's name (a 250-byte output name must not give a temp name over the 255-byte limit) and carry
// our process id, so that a later run can tell which are left over from a process that was killed.
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { link, mkdir, readdir, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

const inFlight = new Set<string>();

/**
 * `produce(tmp)` writes the complete file at `tmp`; it then replaces `dest` (with `overwrite`) or is linked
 * to `dest`, which fails rather than replace a file that appeared while we worked.
 */
export async function writeAtomically(dest: string, produce: (tmp: string) => Promise<void>, overwrite: boolean): Promise<void> {
  await mkdir(dirname(dest), { recursive: true });
  const tmp = join(dirname(dest), `.relief-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  inFlight.add(tmp);
  try {
    await produce(tmp);
    if (overwrite) await rename(tmp, dest);
    else await moveWithoutReplacing(tmp, dest);
  } finally {
    await rm(tmp, { force: true });
    inFlight.delete(tmp);
  }
}

async function moveWithoutReplacing(tmp: string, dest: string): Promise<void> {
  try {
    await link(tmp, dest);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw appeared(dest);
    // File systems without hard links (FAT, some network mounts): a check-then-rename is the best they allow.
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw err;
    if (await stat(dest).then(() => true, () => false)) throw appeared(dest);
    await rename(tmp, dest);
    return;
  }
  await unlink(tmp);
}

function appeared(dest: string): Error {
  return new Error(`${dest} appeared while relief was working; it was kept (pass --overwrite to replace it).`);
}

export function writeBytesAtomically(dest: string, bytes: Uint8Array, overwrite: boolean): Promise<void> {
  return writeAtomically(dest, (tmp) => writeFile(tmp, bytes, { flag: 'wx' }), overwrite);
}

/** For the last moment before exit (a second Ctrl-C): nothing async runs any more. */
export function removeTempFilesSync(): void {
  for (const tmp of inFlight) rmSync(tmp, { force: true });
  inFlight.clear();
}

const OUR_TEMP = /^\.relief-(\d+)-[0-9a-f]{8}\.tmp$/;
/** The naming before 2026-12 (`.NAME.xxxxxxxx.tmp`), matched only for NAME that this run is about to write. */
const OLD_TEMP = /^\.(.+)\.[0-9a-f]{8}\.tmp$/;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes temp files a killed relief left in the folders of `outputs` (SIGKILL, power loss): ours whose process
 * is gone, and old-style ones for these very outputs. Another relief still running keeps its own.
 */
export async function removeStaleTempFiles(outputs: readonly string[]): Promise<void> {
  const names = new Map<string, Set<string>>();
  for (const output of outputs) {
    const dir = dirname(output);
    if (!names.has(dir)) names.set(dir, new Set());
    names.get(dir)!.add(basename(output));
  }
  for (const [dir, planned] of names) {
    const entries = await readdir(dir).catch(() => [] as string[]);
    for (const name of entries) {
      const ours = OUR_TEMP.exec(name);
      const old = OLD_TEMP.exec(name);
      const stale = ours ? Number(ours[1]) === process.pid || !alive(Number(ours[1])) : old !== null && planned.has(old[1]!);
      if (stale) await rm(join(dir, name), { force: true });
    }
  }
}
