import { io } from '@tensorflow/tfjs-core';

/**
 * The bundled selfie model with its sigmoid output p turned into [1 − p, p]: the layout of the TF Hub export,
 * whose channel 1 the original package reads. With it the original and Relief see the same person probability.
 * Pure (no Node APIs) so browser tests use it too.
 */
export function twoChannel(artifacts: io.ModelArtifacts): io.ModelArtifacts {
  const topology = structuredClone(artifacts.modelTopology) as { node: Array<Record<string, unknown>> };
  const scalar = (name: string, dtype: string) => ({
    name, op: 'Const',
    attr: { dtype: { type: dtype }, value: { tensor: { dtype, tensorShape: {} } } },
  });
  topology.node.push(
    scalar('relief/one', 'DT_FLOAT'),
    scalar('relief/axis', 'DT_INT32'),
    { name: 'relief/background', op: 'Sub', input: ['relief/one', 'activation_10'], attr: { T: { type: 'DT_FLOAT' } } },
    {
      name: 'relief/two_channel', op: 'ConcatV2', input: ['relief/background', 'activation_10', 'relief/axis'],
      attr: { T: { type: 'DT_FLOAT' }, N: { i: '2' }, Tidx: { type: 'DT_INT32' } },
    },
  );
  const extra = [...new Uint8Array(new Float32Array([1]).buffer), ...new Uint8Array(new Int32Array([3]).buffer)];
  const weights = new Uint8Array(io.concatenateArrayBuffers(artifacts.weightData!));
  const merged = new Uint8Array(weights.length + extra.length);
  merged.set(weights);
  merged.set(extra, weights.length);
  const signature = structuredClone(artifacts.signature) as { outputs: Record<string, unknown> };
  signature.outputs = { 'relief/two_channel:0': { name: 'relief/two_channel:0', dtype: 'DT_FLOAT' } };
  return {
    ...artifacts,
    modelTopology: topology,
    signature,
    weightSpecs: [
      ...(artifacts.weightSpecs ?? []),
      { name: 'relief/one', shape: [], dtype: 'float32' },
      { name: 'relief/axis', shape: [], dtype: 'int32' },
    ],
    weightData: merged.buffer,
  };
}
