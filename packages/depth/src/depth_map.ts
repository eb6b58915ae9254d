import type * as tf from '@tensorflow/tfjs-core';
import type { EstimationConfig } from './config.js';
import { platform } from './platform.js';
import type { DepthMap, PersonMask } from './types.js';
import { TensorValueMap } from './value_map.js';

export class ARPortraitDepthMap extends TensorValueMap implements DepthMap {
  readonly mask: PersonMask;

  constructor(depth: tf.Tensor2D, mask: tf.Tensor2D, readonly config: EstimationConfig) {
    super(depth, 'depth map');
    this.mask = new TensorValueMap(mask, 'person mask');
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
