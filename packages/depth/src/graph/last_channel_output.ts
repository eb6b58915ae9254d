import type { io } from '@tensorflow/tfjs-core';
import { nodeName, type NodeDef, type Topology } from './nodes.js';
import { WeightTable } from './weights.js';

/**
 * Load-time rewrite for models of which only the last output channel is read (person segmentation: the TF Hub
 * selfie export, the original package's default, ends in ConcatV2([1 − p, p], axis 3)). When the single output is
 * a concatenation along the channel axis, the output becomes its last operand: the last channel is unchanged and
 * the concatenation — a per-pixel JavaScript copy on TF.js's WASM backend, 8 of 22 ms for that selfie model
 * (measured 2026-11-24) — and the slicing of its result are never run.
 */
export function lastChannelOutput(artifacts: io.ModelArtifacts): io.ModelArtifacts {
  const topology = artifacts.modelTopology as Topology | undefined;
  const signature = artifacts.signature as { outputs?: Record<string, { name: string }> } | undefined;
  const outputs = Object.entries(signature?.outputs ?? {});
  if (!topology?.node || outputs.length !== 1) return artifacts;
  const byName = new Map(topology.node.map((n) => [n.name, n]));
  let node: NodeDef | undefined = byName.get(nodeName(outputs[0]![1].name));
  while (node?.op === 'Identity' && node.input?.length) node = byName.get(nodeName(node.input[0]!));
  if (!node || (node.op !== 'ConcatV2' && node.op !== 'Concat')) return artifacts;

  const inputs = (node.input ?? []).filter((i) => !i.startsWith('^'));
  const [axisInput, operands] = node.op === 'ConcatV2' ? [inputs.at(-1), inputs.slice(0, -1)] : [inputs[0], inputs.slice(1)];
  const axis = axisInput ? WeightTable.of(artifacts)?.int32(nodeName(axisInput)) : null;
  if (!axis || axis.length !== 1 || (axis[0] !== 3 && axis[0] !== -1) || operands.length < 2) return artifacts;

  const last = operands.at(-1)!;
  const name = last.includes(':') ? last : `${last}:0`;
  const [key, spec] = outputs[0]!;
  return { ...artifacts, signature: { ...signature, outputs: { [key]: { ...spec, name } } } };
}
