import * as tf from '@tensorflow/tfjs-core';
import type { ImageDataLike, ValueMap } from './types.js';

/** Red = value × 255, green = blue = 0, alpha = 255, computed on the backend so only bytes are read back. */
function redChannelRgba(values: tf.Tensor2D): tf.Tensor3D {
  return tf.tidy(() => {
    const [h, w] = values.shape;
    const red = tf.round(tf.mul(tf.clipByValue(values, 0, 1), 255));
    const zeros = tf.zeros([h, w]);
    const alpha = tf.fill([h, w], 255);
    return tf.cast(tf.stack([red, zeros, zeros, alpha], 2), 'int32') as tf.Tensor3D;
  });
}

function toCanvas(pixels: ImageDataLike): CanvasImageSource | ImageDataLike {
  const { data, width, height } = pixels;
  if (typeof document !== 'undefined') {
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    canvas.getContext('2d')!.putImageData(new ImageData(data, width, height), 0, 0);
    return canvas;
  }
  if (typeof OffscreenCanvas !== 'undefined' && typeof ImageData !== 'undefined') {
    const canvas = new OffscreenCanvas(width, height);
    canvas.getContext('2d')!.putImageData(new ImageData(data, width, height), 0, 0);
    return canvas;
  }
  return pixels;
}

/**
 * A lazily read H×W tensor in [0, 1]. Like the original, `toTensor()` hands over the tensor itself (the caller
 * may dispose it); reads after that fail with a message instead of tfjs's internal one.
 */
export class TensorValueMap implements ValueMap {
  readonly width: number;
  readonly height: number;

  constructor(private readonly tensor: tf.Tensor2D, private readonly what: string) {
    [this.height, this.width] = tensor.shape;
  }

  private live(): tf.Tensor2D {
    if (this.tensor.isDisposed) {
      throw new Error(`This ${this.what} was disposed (by dispose() or by disposing the tensor from toTensor()); estimate again to read it.`);
    }
    return this.tensor;
  }

  async toTensor(): Promise<tf.Tensor2D> {
    return this.live();
  }

  async toArray(): Promise<number[][]> {
    return (await this.live().array()) as number[][];
  }

  async toFloat32Array(): Promise<Float32Array> {
    return (await this.live().data()) as Float32Array;
  }

  async toCanvasImageSource(): Promise<CanvasImageSource | ImageDataLike> {
    const rgba = redChannelRgba(this.live());
    const bytes = await rgba.data();
    rgba.dispose();
    return toCanvas({ data: Uint8ClampedArray.from(bytes), width: this.width, height: this.height });
  }

  getUnderlyingType(): 'tensor' {
    return 'tensor';
  }

  dispose(): void {
    if (!this.tensor.isDisposed) this.tensor.dispose();
  }
}
