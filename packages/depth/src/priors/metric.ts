import type { EstimationConfig } from '../config.js';
import type { Face, MetricDepth } from '../types.js';

/** A face's rigid landmarks with their metric camera distance: what scales relative depth to metres. */
export interface MetricAnchor {
  face: Face;
  /** [x, y, metres] in the depth map's pixels. */
  points: [number, number, number][];
}

/**
 * The faces that can anchor the scale, best first: the most trusted, then the largest. The caller takes the first
 * whose landmarks land on the person: a face mesh can fire on something in the background (2 of 480 held-out
 * renders), which may be larger than the person's own face.
 */
export function anchorsByMerit(anchors: readonly MetricAnchor[]): MetricAnchor[] {
  const merit = (a: MetricAnchor) => a.face.priorWeight * a.face.box.width * a.face.box.height;
  return anchors.filter((a) => a.face.priorWeight > 0).sort((a, b) => merit(b) - merit(a));
}

/**
 * Depth in metres: raw depth (undone from the [minDepth, maxDepth] mapping) times the median ratio of the anchor
 * points' metric distance to their raw depth. Pixels outside the person or clipped by the mapping are NaN; null when
 * fewer than 5 of the anchor's points lie on the person.
 */
export function metricDepth(values: Float32Array, mask: Float32Array, width: number, height: number,
  config: EstimationConfig, anchor: MetricAnchor): MetricDepth | null {
  const range = config.maxDepth - config.minDepth;
  const raw = (v: number) => 2 * (config.minDepth + v * range);
  const ratios: number[] = [];
  for (const [x, y, metres] of anchor.points) {
    const k = Math.min(height - 1, Math.max(0, Math.round(y - 0.5))) * width + Math.min(width - 1, Math.max(0, Math.round(x - 0.5)));
    const v = values[k]!;
    if (v > 0 && v < 1 && mask[k]! >= 0.5) ratios.push(metres / raw(v));
  }
  if (ratios.length < 5) return null;
  ratios.sort((a, b) => a - b);
  const scale = ratios[ratios.length >> 1]!;
  const data = new Float32Array(values.length);
  for (let k = 0; k < data.length; k++) {
    const v = values[k]!;
    data[k] = mask[k]! >= 0.5 && v > 0 && v < 1 ? raw(v) * scale : NaN;
  }
  return { width, height, data, relativeError: anchor.face.distance.relativeError };
}
