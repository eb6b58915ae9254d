import { open, stat } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import type { io } from '@tensorflow/tfjs-core';

/** model.json holds the graph only; weights are in shards. Larger is not a model.json (or a crafted one). */
const MAX_MODEL_JSON_BYTES = 64 * 1024 * 1024;
const BYTES_PER_ELEMENT: Record<string, number> = { float32: 4, int32: 4, bool: 1, uint8: 1, uint16: 2, float16: 2 };

/** Bytes the manifest's weight specs need, or null when a spec cannot be sized (strings): then no bound but the files' sizes. */
function expectedBytes(specs: io.WeightsManifestEntry[]): number | null {
  let total = 0;
  for (const spec of specs) {
    const per = BYTES_PER_ELEMENT[spec.quantization?.dtype ?? spec.dtype];
    if (per === undefined || !Array.isArray(spec.shape)) return null;
    total += per * spec.shape.reduce((a, b) => a * b, 1);
  }
  return total;
}

/** Reads exactly `size` bytes of a regular file: a file that grows while read cannot make us read more. */
async function readBounded(path: string, size: number): Promise<Buffer> {
  const file = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(size);
    const { bytesRead } = await file.read(buffer, 0, size, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await file.close();
  }
}

/** A regular file's size; FIFOs, devices (/dev/zero) and folders are refused, as reading them may never end. */
async function regularFileSize(path: string, what: string): Promise<number> {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(`${what} ${path}: ${code === 'ENOENT' ? 'file not found' : (error as Error).message}`);
  }
  if (!info.isFile()) throw new Error(`${what} ${path} is not a regular file (a folder, FIFO or device?)`);
  return info.size;
}

/**
 * Reads a graph model's model.json and its weight shards from disk. Shards must lie in model.json's folder (a
 * crafted manifest could otherwise read any file), each is listed once, and together they hold no more bytes than
 * the weight specs need.
 */
export function fileHandler(modelJsonPath: string): io.IOHandler & Required<Pick<io.IOHandler, 'load'>> {
  return {
    async load(): Promise<io.ModelArtifacts> {
      let json: io.ModelJSON;
      try {
        const size = await regularFileSize(modelJsonPath, 'model.json');
        if (size > MAX_MODEL_JSON_BYTES) throw new Error(`it is ${size} bytes, more than a model.json holds`);
        json = JSON.parse((await readBounded(modelJsonPath, size)).toString('utf8')) as io.ModelJSON;
      } catch (error) {
        const e = error as Error;
        const why = e instanceof SyntaxError ? `not valid JSON (${e.message})` : e.message;
        throw new Error(`${modelJsonPath}: ${why}. Pass the path of a TF.js graph model's model.json.`);
      }
      if (json.modelTopology == null || !Array.isArray(json.weightsManifest) ||
        !json.weightsManifest.every((g) => Array.isArray(g?.paths) && Array.isArray(g?.weights))) {
        throw new Error(`${modelJsonPath} is not a TF.js model.json (no modelTopology, or a weightsManifest without paths and weights).`);
      }
      const dir = dirname(resolve(modelJsonPath));
      const paths = json.weightsManifest.flatMap((group) => group.paths.map((p) => confined(dir, p, modelJsonPath)));
      const twice = paths.find((p, i) => paths.indexOf(p) !== i);
      if (twice) throw new Error(`Weight shard ${twice} is listed more than once in ${modelJsonPath}: the manifest is corrupt.`);
      const weightSpecs = json.weightsManifest.flatMap((group) => group.weights);
      const sizes = await Promise.all(paths.map((p) => regularFileSize(p, `Weight shard listed in ${modelJsonPath}:`)));
      const total = sizes.reduce((a, b) => a + b, 0);
      const expected = expectedBytes(weightSpecs);
      if (expected !== null && total > expected) {
        throw new Error(`The weight shards listed in ${modelJsonPath} hold ${total} bytes but its weights need ${expected}: the manifest or the shards are wrong.`);
      }
      const shards = await Promise.all(paths.map((p, i) => readBounded(p, sizes[i]!)));
      const weightData = Buffer.concat(shards);
      return {
        modelTopology: json.modelTopology,
        format: json.format,
        generatedBy: json.generatedBy,
        convertedBy: json.convertedBy,
        signature: json.signature,
        userDefinedMetadata: json.userDefinedMetadata,
        weightSpecs,
        weightData: weightData.buffer.slice(weightData.byteOffset, weightData.byteOffset + weightData.byteLength),
      };
    },
  };
}

function confined(dir: string, path: unknown, modelJsonPath: string): string {
  if (typeof path !== 'string' || path === '') throw new Error(`${modelJsonPath} lists a weight shard path that is not a file name.`);
  const full = resolve(dir, path);
  const rel = relative(dir, full);
  if (isAbsolute(path) || rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) {
    throw new Error(`Weight shard path "${path}" in ${modelJsonPath} points outside the model's folder; shards must sit beside model.json.`);
  }
  return full;
}
