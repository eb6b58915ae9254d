// Writes a small random-weight TF.js graph model with the official ARPortraitDepth signature
// (input_1:0 [1,256,192,3] → Identity:0 [1,256,192,1]). It runs like the real network but its output
// is NOT depth: it stands in until trained weights land, and serves as a shared fixture in tests.
//   node packages/depth/scripts/placeholder-model.mjs <out-dir> [name] [seed]
// writes <out-dir>/<name>.json + <name>.bin; with name 'model', the standard model.json + group1-shard1of1.bin.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const b64 = (s) => Buffer.from(s).toString('base64');

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function fusedConv(name, input, filter, bias, fusedOps) {
  return {
    name, op: '_FusedConv2D', input: [input, filter, bias],
    attr: {
      T: { type: 'DT_FLOAT' }, num_args: { i: '1' }, epsilon: { f: 0 },
      fused_ops: { list: { s: fusedOps.map(b64) } },
      strides: { list: { i: ['1', '1', '1', '1'] } }, dilations: { list: { i: ['1', '1', '1', '1'] } },
      padding: { s: b64('SAME') }, data_format: { s: b64('NHWC') }, explicit_paddings: { list: {} },
    },
  };
}

const constNode = (name, shape) => ({
  name, op: 'Const',
  attr: { dtype: { type: 'DT_FLOAT' }, value: { tensor: { dtype: 'DT_FLOAT', tensorShape: { dim: shape.map((s) => ({ size: String(s) })) } } } },
});

const shapeDims = (shape) => ({ dim: shape.map((s) => ({ size: String(s) })) });

const shardName = (name) => (name === 'model' ? 'group1-shard1of1.bin' : `${name}.bin`);

export function placeholderModel(name = 'depth', seed = 1) {
  const rand = mulberry32(seed);
  const hidden = 4;
  const weights = [
    ['conv1/filter', [3, 3, 3, hidden]], ['conv1/bias', [hidden]],
    ['conv2/filter', [3, 3, hidden, 1]], ['conv2/bias', [1]],
  ];
  const specs = weights.map(([n, shape]) => ({ name: n, shape, dtype: 'float32' }));
  const values = weights.map(([n, shape]) => {
    const size = shape.reduce((a, b) => a * b, 1);
    return Float32Array.from({ length: size }, () => (n.endsWith('bias') ? 0.5 : rand() - 0.5));
  });
  const data = Buffer.concat(values.map((v) => Buffer.from(v.buffer)));
  const nodes = [
    { name: 'input_1', op: 'Placeholder', attr: { dtype: { type: 'DT_FLOAT' }, shape: { shape: shapeDims([1, 256, 192, 3]) } } },
    ...weights.map(([n, shape]) => constNode(n, shape)),
    fusedConv('conv1', 'input_1', 'conv1/filter', 'conv1/bias', ['BiasAdd', 'Relu']),
    fusedConv('conv2', 'conv1', 'conv2/filter', 'conv2/bias', ['BiasAdd']),
    { name: 'Identity', op: 'Identity', input: ['conv2'], attr: { T: { type: 'DT_FLOAT' } } },
  ];
  const tensorInfo = (n, shape) => ({ name: n, dtype: 'DT_FLOAT', tensorShape: shapeDims(shape) });
  const modelJson = {
    format: 'graph-model',
    generatedBy: 'relief placeholder-model.mjs',
    convertedBy: 'relief',
    userDefinedMetadata: { relief: { placeholder: true, note: 'random weights: output is not depth' } },
    signature: {
      inputs: { 'input_1:0': tensorInfo('input_1:0', [1, 256, 192, 3]) },
      outputs: { 'Identity:0': tensorInfo('Identity:0', [1, 256, 192, 1]) },
    },
    modelTopology: { node: nodes, library: {}, versions: { producer: 1 } },
    weightsManifest: [{ paths: [shardName(name)], weights: specs }],
  };
  return { modelJson, weightData: data };
}

export function writePlaceholderModel(outDir, name = 'depth', seed = 1) {
  const { modelJson, weightData } = placeholderModel(name, seed);
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, `${name}.json`), JSON.stringify(modelJson));
  writeFileSync(join(outDir, shardName(name)), weightData);
  return join(outDir, `${name}.json`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [out = 'models/depth', name = 'model', seed = '1'] = process.argv.slice(2);
  console.log(writePlaceholderModel(out, name, Number(seed)));
}
