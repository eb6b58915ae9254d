/** The parts of a TF GraphDef node (model.json `modelTopology.node`) the load-time rewrites read and write. */
export interface NodeDef {
  name: string;
  op: string;
  input?: string[];
  attr?: Record<string, unknown>;
  device?: string;
}

export interface Topology {
  node?: NodeDef[];
}

/** GraphDef string attributes are base64 in model.json. */
export const b64 = (s: string) => (typeof btoa === 'function' ? btoa(s) : Buffer.from(s).toString('base64'));
export const fromB64 = (s: string) => (typeof atob === 'function' ? atob(s) : Buffer.from(s, 'base64').toString());

/** 'name:1' and control inputs '^name' refer to node 'name'. */
export const nodeName = (input: string) => input.replace(/^\^/, '').split(':')[0]!;

/** For every node name, the nodes that read it. */
export function consumersOf(nodes: NodeDef[]): Map<string, NodeDef[]> {
  const consumers = new Map<string, NodeDef[]>();
  for (const n of nodes) for (const i of n.input ?? []) {
    const list = consumers.get(nodeName(i)) ?? [];
    list.push(n);
    consumers.set(nodeName(i), list);
  }
  return consumers;
}

/** Names of the nodes the model's signature returns: a rewrite must keep them. */
export function outputNames(signature: unknown): Set<string> {
  const outputs = (signature as { outputs?: Record<string, { name: string }> } | undefined)?.outputs ?? {};
  return new Set(Object.values(outputs).map((o) => nodeName(o.name)));
}
