import type { io } from '@tensorflow/tfjs-core';
import { b64, consumersOf, fromB64, nodeName, type NodeDef, type Topology } from './nodes.js';
import { WeightTable } from './weights.js';

/**
 * Load-time graph rewrite: a 2×2, stride-2 transposed convolution (Conv2DBackpropInput — the upsampling step of
 * U-Nets, four in our depth model and the last layer of the selfie model) becomes a 1×1 Conv2D to 4·C channels
 * followed by Reshape → Transpose → Reshape, a depth-to-space. At stride 2 the four taps of a 2×2 kernel never
 * overlap, so each output pixel is one tap applied to one input pixel: the same sums, in a different order of
 * memory. TF.js's WASM backend runs Conv2DBackpropInput as a plain loop but Conv2D through XNNPACK: the depth
 * model's four went from 25 ms to 5 ms per frame (measured 2026-11-24, Node, one thread). DepthToSpace itself is
 * not used because WASM's is slower than the transposed convolution it would replace.
 */
export function unfoldTransposedConvolutions(artifacts: io.ModelArtifacts): io.ModelArtifacts {
  const topology = artifacts.modelTopology as Topology | undefined;
  if (!topology?.node?.some((n) => n.op === 'Conv2DBackpropInput')) return artifacts;
  const weights = WeightTable.of(artifacts);
  if (!weights) return artifacts;
  const consumers = consumersOf(topology.node);
  const nodes: NodeDef[] = [];
  let changed = false;
  for (const node of topology.node) {
    const unfolded = unfold(node, weights, consumers);
    if (unfolded) changed = true;
    nodes.push(...(unfolded ?? [node]));
  }
  if (!changed) return artifacts;
  return { ...weights.artifacts(artifacts), modelTopology: { ...topology, node: nodes } };
}

/** The nodes replacing `node`, the last one keeping its name; null when `node` is not a 2×2/2 transposed conv. */
function unfold(node: NodeDef, weights: WeightTable, consumers: Map<string, NodeDef[]>): NodeDef[] | null {
  if (node.op !== 'Conv2DBackpropInput' || node.input?.length !== 3) return null;
  const attr = (node.attr ?? {}) as Record<string, { s?: string; list?: { i?: string[] } }>;
  const ints = (key: string) => (attr[key]?.list?.i ?? ['1', '1', '1', '1']).map(Number).join(',');
  const text = (key: string, fallback: string) => (attr[key]?.s ? fromB64(attr[key]!.s!) : fallback);
  if (ints('strides') !== '1,2,2,1' || ints('dilations') !== '1,1,1,1' || text('data_format', 'NHWC') !== 'NHWC'
    || !['SAME', 'VALID'].includes(text('padding', ''))) return null;

  const [sizesInput, filterInput, x] = node.input as [string, string, string];
  const sizes = weights.int32(nodeName(sizesInput));
  const filter = weights.get(nodeName(filterInput));
  const shape = filter?.spec.shape;
  if (!sizes || sizes.length !== 4 || !filter || shape?.length !== 4 || shape[0] !== 2 || shape[1] !== 2
    || (consumers.get(nodeName(filterInput)) ?? []).length !== 1) return null;
  const [n, outH, outW, channels] = sizes as [number, number, number, number];
  const inChannels = shape[3]!;
  // With 'SAME' an odd output size crops the last row/column of taps; only the exact 2× case is unfolded.
  if (outH % 2 !== 0 || outW % 2 !== 0 || channels !== shape[2]) return null;

  // [a][b][out][in] (kernel row, kernel column) → [in][a·2·C + b·C + out]: one 1×1 conv computes all four taps.
  weights.transpose2d(filter.spec.name, 4 * channels, inChannels, [1, 1, inChannels, 4 * channels]);
  const name = node.name;
  const rows = weights.addInt32(`${name}/unfold/rows`, [n * outH / 2, outW / 2, 2, 2 * channels]);
  const perm = weights.addInt32(`${name}/unfold/perm`, [0, 2, 1, 3]);
  const float = { T: { type: 'DT_FLOAT' } };
  const int32Const = (constName: string): NodeDef => ({
    name: constName, op: 'Const',
    attr: { dtype: { type: 'DT_INT32' }, value: { tensor: { dtype: 'DT_INT32', tensorShape: { dim: [{ size: '4' }] } } } },
  });
  return [
    int32Const(rows),
    int32Const(perm),
    {
      name: `${name}/unfold/conv`, op: 'Conv2D', input: [x, filterInput], attr: {
        ...float, strides: { list: { i: ['1', '1', '1', '1'] } }, dilations: { list: { i: ['1', '1', '1', '1'] } },
        padding: { s: b64('VALID') }, data_format: { s: b64('NHWC') },
      },
    },
    // [N, H, W, 4C] = [N·H, W, a, (b, c)] → [N·H, a, W, (b, c)] = [N, 2H, 2W, C] in memory order.
    { name: `${name}/unfold/rows_reshape`, op: 'Reshape', input: [`${name}/unfold/conv`, rows], attr: { ...float, Tshape: { type: 'DT_INT32' } } },
    { name: `${name}/unfold/transpose`, op: 'Transpose', input: [`${name}/unfold/rows_reshape`, perm], attr: { ...float, Tperm: { type: 'DT_INT32' } } },
    { name, op: 'Reshape', input: [`${name}/unfold/transpose`, sizesInput], attr: { ...float, Tshape: { type: 'DT_INT32' } } },
  ];
}
