import type * as tf from '@tensorflow/tfjs-core';
import type { EstimationConfig } from './config.js';
import { platform } from './platform.js';
import { anchorsByMerit, metricDepth, type MetricAnchor } from './priors/metric.js';
import type { DepthMap, Face, MetricDepth, PersonMask } from './types.js';
import { TensorValueMap } from './value_map.js';

export class ARPortraitDepthMap extends TensorValueMap implements DepthMap {
  readonly mask: PersonMask;

  readonly faces: readonly Face[];

  constructor(depth: tf.Tensor2D, mask: tf.Tensor2D, readonly config: EstimationConfig,
    private readonly anchors: readonly MetricAnchor[] = []) {
    super(depth, 'depth map');
    this.mask = new TensorValueMap(mask, 'person mask');
    this.faces = Object.freeze(anchors.map((a) => a.face));
  }

  async toMetres(): Promise<MetricDepth | null> {
    const anchors = anchorsByMerit(this.anchors);
    if (anchors.length === 0) return null;
    const [values, mask] = await Promise.all([this.toFloat32Array(), this.mask.toFloat32Array()]);
    for (const anchor of anchors) {
      const metric = metricDepth(values, mask, this.width, this.height, this.config, anchor);
      if (metric) return metric;
    }
    return null;
  }

  async toPNG16(): Promise<Uint8Array> {
    const values = await this.toFloat32Array();
    const pixels = new Uint16Array(values.length);
    for (let i = 0; i < values.length; i++) pixels[i] = Math.round(Math.min(1, Math.max(0, values[i]!)) * 65535);
    return platform().encodePNG16(pixels, this.width, this.height);
  }

  override dispose(): void {
    super.dispose();
    this.mask.dispose();
  }
}
