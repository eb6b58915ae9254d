// A tiny TF.js graph model with the ARPortraitDepth signature whose "depth" is a fixed function of colour
// (raw = 0.8 + 0.2·(r+g+b), in 0.8…1.4): mesh and 3D-photo tests then do not depend on the trained weights
// of the day, and pass it with --model as a user would pass the official files.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const dims = (...sizes: number[]) => ({ dim: sizes.map((size) => ({ size: String(size) })) });

export async function writeBrightnessModel(dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const weights = new Float32Array([0.2, 0.2, 0.2, 0.8]);
  const constant = (name: string, shape: number[]) => ({
    name, op: 'Const', attr: { dtype: { type: 'DT_FLOAT' }, value: { tensor: { dtype: 'DT_FLOAT', tensorShape: dims(...shape) } } },
  });
  const model = {
    format: 'graph-model',
    generatedBy: 'relief cli test',
    convertedBy: 'relief cli test',
    signature: {
      inputs: { 'input_1:0': { name: 'input_1:0', dtype: 'DT_FLOAT', tensorShape: dims(1, 256, 192, 3) } },
      outputs: { 'Identity:0': { name: 'Identity:0', dtype: 'DT_FLOAT', tensorShape: dims(1, 256, 192, 1) } },
    },
    modelTopology: {
      node: [
        { name: 'input_1', op: 'Placeholder', attr: { dtype: { type: 'DT_FLOAT' }, shape: { shape: dims(1, 256, 192, 3) } } },
        constant('mix/filter', [1, 1, 3, 1]),
        constant('mix/bias', [1]),
        {
          name: 'mix', op: '_FusedConv2D', input: ['input_1', 'mix/filter', 'mix/bias'],
          attr: {
            T: { type: 'DT_FLOAT' }, num_args: { i: '1' }, epsilon: { f: 0 },
            fused_ops: { list: { s: [Buffer.from('BiasAdd').toString('base64')] } },
            strides: { list: { i: ['1', '1', '1', '1'] } }, dilations: { list: { i: ['1', '1', '1', '1'] } },
            padding: { s: Buffer.from('SAME').toString('base64') }, data_format: { s: Buffer.from('NHWC').toString('base64') },
            explicit_paddings: { list: {} },
          },
        },
        { name: 'Identity', op: 'Identity', input: ['mix'], attr: { T: { type: 'DT_FLOAT' } } },
      ],
      versions: { producer: 1 },
    },
    weightsManifest: [{
      paths: ['weights.bin'],
      weights: [{ name: 'mix/filter', shape: [1, 1, 3, 1], dtype: 'float32' }, { name: 'mix/bias', shape: [1], dtype: 'float32' }],
    }],
  };
  await writeFile(join(dir, 'model.json'), JSON.stringify(model));
  await writeFile(join(dir, 'weights.bin'), new Uint8Array(weights.buffer));
  return dir;
}
