import type { io } from '@tensorflow/tfjs-core';
import { b64, consumersOf, nodeName, outputNames, type NodeDef, type Topology } from './nodes.js';

/**
 * Load-time graph rewrite: Conv2D / DepthwiseConv2dNative followed by a bias Add (and a Relu, Relu6 or Sigmoid)
 * becomes one fused node, as TensorFlow's grappler would have written it. Converted models often keep these
 * apart (the bundled selfie model has 60 such chains); fused, every backend does one pass over the feature map
 * instead of two or three. Weights and results are unchanged.
 */

const FUSED: Record<string, string> = {
  Conv2D: '_FusedConv2D',
  DepthwiseConv2dNative: 'FusedDepthwiseConv2dNative',
};
const BIAS_OPS = new Set(['Add', 'AddV2', 'BiasAdd']);
const ACTIVATIONS = new Set(['Relu', 'Relu6', 'Sigmoid']);

export function fuseConvolutions(artifacts: io.ModelArtifacts): io.ModelArtifacts {
  const topology = artifacts.modelTopology as Topology | undefined;
  if (!topology?.node || !artifacts.weightSpecs) return artifacts;
  const nodes = topology.node.map((n) => ({ ...n, input: n.input ? [...n.input] : undefined }));
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const consumers = consumersOf(nodes);
  const outputs = outputNames(artifacts.signature);
  const weightShape = new Map(artifacts.weightSpecs.map((w) => [w.name, w.shape]));
  const only = (n: NodeDef) => {
    const c = consumers.get(n.name) ?? [];
    return c.length === 1 && !outputs.has(n.name) ? c[0]! : null;
  };
  const removed = new Set<string>();
  const renamed = new Map<string, string>();

  for (const conv of nodes) {
    const fusedOp = FUSED[conv.op];
    if (!fusedOp || removed.has(conv.name)) continue;
    const add = only(conv);
    if (!add || !BIAS_OPS.has(add.op) || add.input?.length !== 2) continue;
    const biasName = nodeName(add.input.find((i) => nodeName(i) !== conv.name)!);
    const bias = byName.get(biasName);
    const filterShape = weightShape.get(nodeName(conv.input![1]!));
    const outChannels = conv.op === 'Conv2D' ? filterShape?.[3] : (filterShape?.[2] ?? 0) * (filterShape?.[3] ?? 0);
    const biasShape = weightShape.get(biasName);
    if (bias?.op !== 'Const' || biasShape?.length !== 1 || biasShape[0] !== outChannels) continue;

    const act = only(add);
    const fuseAct = act && ACTIVATIONS.has(act.op) ? act : null;
    const last = fuseAct ?? add;
    const fusedOps = ['BiasAdd', ...(fuseAct ? [fuseAct.op] : [])];
    const { use_cudnn_on_gpu: _unused, ...attr } = conv.attr ?? {};
    conv.op = fusedOp;
    conv.input = [conv.input![0]!, conv.input![1]!, biasName];
    conv.attr = { ...attr, num_args: { i: '1' }, epsilon: { f: 0 }, fused_ops: { list: { s: fusedOps.map(b64) } } };
    removed.add(add.name);
    if (fuseAct) removed.add(fuseAct.name);
    renamed.set(last.name, conv.name);
  }
  if (removed.size === 0) return artifacts;

  const kept = nodes.filter((n) => !removed.has(n.name));
  for (const n of kept) {
    n.input = n.input?.map((i) => {
      const base = nodeName(i);
      const to = renamed.get(base);
      return to ? i.replace(base, to) : i;
    });
  }
  return { ...artifacts, modelTopology: { ...topology, node: kept } };
}
