import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { io } from '@tensorflow/tfjs-core';

/** Reads a graph model's model.json and its weight shards from disk. */
export function fileHandler(modelJsonPath: string): io.IOHandler & Required<Pick<io.IOHandler, 'load'>> {
  return {
    async load(): Promise<io.ModelArtifacts> {
      let json: io.ModelJSON;
      try {
        json = JSON.parse(await readFile(modelJsonPath, 'utf8')) as io.ModelJSON;
      } catch (error) {
        const e = error as NodeJS.ErrnoException;
        const why = e.code === 'ENOENT' ? 'file not found' : e instanceof SyntaxError ? `not valid JSON (${e.message})` : e.message;
        throw new Error(`${modelJsonPath}: ${why}. Pass the path of a TF.js graph model's model.json.`);
      }
      if (json.modelTopology == null || !Array.isArray(json.weightsManifest)) {
        throw new Error(`${modelJsonPath} is not a TF.js model.json (no modelTopology or weightsManifest).`);
      }
      const dir = dirname(modelJsonPath);
      const shards = await Promise.all(json.weightsManifest.flatMap((group) => group.paths.map(async (p) => {
        const path = resolve(dir, p);
        try {
          return await readFile(path);
        } catch {
          throw new Error(`Weight shard ${path} listed in ${modelJsonPath} could not be read.`);
        }
      })));
      const weightData = Buffer.concat(shards);
      return {
        modelTopology: json.modelTopology,
        format: json.format,
        generatedBy: json.generatedBy,
        convertedBy: json.convertedBy,
        signature: json.signature,
        userDefinedMetadata: json.userDefinedMetadata,
        weightSpecs: json.weightsManifest.flatMap((group) => group.weights),
        weightData: weightData.buffer.slice(weightData.byteOffset, weightData.byteOffset + weightData.byteLength),
      };
    },
  };
}
