// Turns the command line's inputs (files, folders, glob patterns) into the list of image files to process.
import { readdir, realpath, stat } from 'node:fs/promises';
import { basename, extname, join, relative, resolve, sep } from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';

/** What sharp decodes; folders and globs pick files by these extensions (case-insensitive). */
export const IMAGE_EXTENSIONS = ['.jpg', '.jpeg', '.png', '.webp', '.avif', '.tif', '.tiff', '.heic', '.heif'];

export interface InputFile {
  /** Absolute path, as found (not resolved through links, so messages show what the user typed). */
  path: string;
  /** Path below the folder or glob base it was found under, so outputs can mirror the tree; the base name for files. */
  rel: string;
}

/** An input that produced no file to process: reported like a failed image, and the batch goes on. */
export interface InputProblem {
  input: string;
  reason: string;
}

export interface ExpandedInputs {
  files: InputFile[];
  problems: InputProblem[];
}

/** What `relief depth` writes (NAME.depth.png, .depth8.png, .depth-turbo.png, .mask.png): maps, not photos. */
const RELIEF_OUTPUT = /\.(depth|depth8|depth-[a-z]+|mask)\.png$/i;

/**
 * Folders and globs take image files except relief's own earlier outputs, so a re-run beside the photos does not
 * treat them as photos; a file named explicitly is always taken, so the user gets a reason if it cannot be read.
 */
export async function expandInputs(args: readonly string[]): Promise<ExpandedInputs> {
  const files: InputFile[] = [];
  const problems: InputProblem[] = [];
  const seen = new Set<string>();
  const add = async (file: InputFile) => {
    let key: string;
    try {
      key = await realpath(file.path);
    } catch (err) {
      // Node reads file names as UTF-8: a name in another encoding comes back altered and cannot be opened.
      const reason = file.path.includes('\uFFFD')
        ? 'its name is not valid UTF-8, so it cannot be opened by that name; rename it'
        : `cannot be opened (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`;
      problems.push({ input: file.path, reason });
      return;
    }
    if (seen.has(key)) return;
    seen.add(key);
    files.push(file);
  };
  const picks = (name: string) => IMAGE_EXTENSIONS.includes(extname(name).toLowerCase()) && !RELIEF_OUTPUT.test(name);

  for (const arg of args) {
    const path = resolve(arg);
    const info = await stat(path).catch(() => undefined);
    if (info?.isFile()) {
      await add({ path, rel: basename(path) });
    } else if (info?.isDirectory()) {
      const found = (await walk(path, problems)).filter((p) => picks(basename(p)));
      if (found.length === 0) problems.push({ input: arg, reason: `folder has no images (${IMAGE_EXTENSIONS.join(' ')})` });
      for (const p of found) await add({ path: p, rel: relative(path, p) });
    } else if (isDynamicPattern(arg)) {
      const base = resolve(staticBase(arg));
      const found = (await glob(arg, { absolute: true, onlyFiles: true, expandDirectories: false }))
        .filter((p) => picks(basename(p)))
        .sort();
      if (found.length === 0) problems.push({ input: arg, reason: 'pattern matched no images' });
      for (const p of found) await add({ path: p, rel: relative(base, p) });
    } else {
      problems.push({ input: arg, reason: info ? 'not a file or folder' : 'no such file or folder' });
    }
  }
  return { files, problems };
}

/**
 * Files below `dir`, sorted, skipping hidden entries (dot-files include our own in-progress temp files). A folder
 * that cannot be read (no permission, a name that is not UTF-8) is reported, and the others are still searched.
 */
async function walk(dir: string, problems: InputProblem[]): Promise<string[]> {
  const out: string[] = [];
  let entries;
  try {
    entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1));
  } catch (err) {
    const reason = dir.includes('\uFFFD') ? 'folder name is not valid UTF-8, so it cannot be opened by that name; rename it'
      : `folder cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`;
    problems.push({ input: dir, reason });
    return out;
  }
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await walk(path, problems)));
    else if (entry.isFile() || (entry.isSymbolicLink() && (await stat(path).catch(() => undefined))?.isFile())) out.push(path);
  }
  return out;
}

/** The folder part of a glob before its first wildcard: outputs keep the tree below it. */
function staticBase(pattern: string): string {
  const parts = pattern.split(/[\\/]/);
  const fixed: string[] = [];
  for (const part of parts.slice(0, -1)) {
    if (isDynamicPattern(part)) break;
    fixed.push(part);
  }
  return fixed.length === 0 ? '.' : fixed.join(sep) || sep;
}
