// Decides where each input's outputs go, before any work starts: collisions and
// writes over an input are found up front, and existing outputs are skipped unless --overwrite.
import { realpath, stat } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { UsageError } from './exit-codes.js';
import type { InputFile } from './inputs.js';
import { mayReplace } from './output-guard.js';

/** One file a command writes per input, named `<input stem><suffix>` in folder mode. */
export interface OutputKind {
  id: string;
  suffix: string;
}

/** `-o` resolved: next to each input, into a folder (mirroring the input tree), or one named file. */
export type OutputTarget = { mode: 'beside' } | { mode: 'dir'; dir: string } | { mode: 'file'; file: string };

export interface PlannedOutput {
  kind: string;
  path: string;
}

export interface Job {
  input: InputFile;
  /** Outputs to write (those that exist are left out unless --overwrite). */
  outputs: PlannedOutput[];
  /** Outputs already there and kept. */
  kept: PlannedOutput[];
  /** Why this input cannot be processed although it was found; reported as a failure. */
  blocked?: string;
}

/** A path with one of `fileExtensions` that is not an existing folder names a single output file. */
export async function resolveTarget(out: string | undefined, fileExtensions: readonly string[]): Promise<OutputTarget> {
  if (out === undefined) return { mode: 'beside' };
  const path = resolve(out);
  const isDir = (await stat(path).catch(() => undefined))?.isDirectory() ?? false;
  const endsWithSlash = /[\\/]$/.test(out);
  const ext = extname(path).toLowerCase();
  if (!isDir && !endsWithSlash && fileExtensions.includes(ext)) return { mode: 'file', file: path };
  // `-o clip.mov` reads as a file the user wants, not a folder named so: refuse rather than create that folder.
  if (!isDir && !endsWithSlash && fileExtensions.length > 0 && /^\.[a-z0-9]{2,5}$/.test(ext)) {
    throw new UsageError(`-o ${out}: this command writes ${fileExtensions.join(', ')} files, not ${ext}; ` +
      `name a file with one of those extensions, or a folder (end it with / if its name has a dot).`);
  }
  return { mode: 'dir', dir: path };
}

export async function planJobs(
  files: readonly InputFile[],
  target: OutputTarget,
  kinds: readonly OutputKind[],
  overwrite: boolean,
): Promise<Job[]> {
  if (target.mode === 'file' && files.length > 1) {
    throw new UsageError(`-o ${target.file} names one file, but the inputs hold ${files.length} images; give a folder instead.`);
  }
  const inputs = new Set(await Promise.all(files.map((f) => realpath(f.path))));
  const writers = new Map<string, string>();
  const jobs: Job[] = [];
  for (const input of files) {
    const job: Job = { input, outputs: [], kept: [] };
    for (const [i, kind] of kinds.entries()) {
      const path = outputPath(input, target, kind, kinds[0], i === 0);
      const other = writers.get(path);
      if (other !== undefined) {
        throw new UsageError(`${other} and ${input.path} would both write ${path}; give them different names or separate folders.`);
      }
      writers.set(path, input.path);
      const existing = await realpath(path).catch(() => undefined);
      if (inputs.has(existing ?? path)) {
        job.blocked = `its output ${path} is an input file, which relief never writes over; choose another -o.`;
      } else if (existing !== undefined && !overwrite) {
        job.kept.push({ kind: kind.id, path });
      } else if (existing !== undefined && !(target.mode === 'file' && i === 0) && !(await mayReplace(kind.id, path))) {
        // Only a file the user named with -o, or one that reads like our own earlier output, is replaced.
        job.blocked = `${path} exists and is not a relief ${kind.id} output (a photo of yours?); relief does not replace it ` +
          'even with --overwrite: move it away or choose another -o.';
      } else {
        job.outputs.push({ kind: kind.id, path });
      }
    }
    jobs.push(job);
  }
  return jobs;
}

function outputPath(input: InputFile, target: OutputTarget, kind: OutputKind, primary: OutputKind, isPrimary: boolean): string {
  if (target.mode === 'file') {
    if (isPrimary) return target.file;
    // Extra outputs sit beside the named file: photo.png + --mask → photo.mask.png.
    const name = basename(target.file);
    const stem = name.endsWith(primary.suffix) ? name.slice(0, -primary.suffix.length) : name.slice(0, -extname(name).length);
    return join(dirname(target.file), stem + kind.suffix);
  }
  const dir = target.mode === 'dir' ? join(target.dir, dirname(input.rel)) : dirname(input.path);
  const name = basename(input.rel);
  return join(dir, name.slice(0, name.length - extname(name).length) + kind.suffix);
}
