import { io } from '@tensorflow/tfjs-core';

const DTYPE_BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1, complex64: 8 };
const QUANTIZED_BYTES: Record<string, number> = { uint8: 1, uint16: 2, float16: 2 };

/** Where one weight sits in the model's concatenated weight data, and how wide each stored element is. */
export interface WeightSlot {
  spec: io.WeightsManifestEntry;
  offset: number;
  elementBytes: number;
  count: number;
}

/**
 * A mutable view of a model's weights for load-time rewrites: specs in order over one contiguous buffer.
 * Null when a weight's size cannot be known up front (string tensors), so a rewrite leaves such models alone.
 * Reading costs no copy; the first in-place change copies the buffer (it may be the caller's own), and appended
 * weights are joined to it once, in artifacts().
 */
export class WeightTable {
  private owned = false;
  private readonly appended: Uint8Array<ArrayBuffer>[] = [];
  private appendedBytes = 0;

  private constructor(private specs: io.WeightsManifestEntry[], private data: Uint8Array<ArrayBuffer>,
    private slots: Map<string, WeightSlot>) {}

  static of(artifacts: io.ModelArtifacts): WeightTable | null {
    if (!artifacts.weightSpecs || artifacts.weightData == null) return null;
    const data = new Uint8Array(io.CompositeArrayBuffer.join(artifacts.weightData));
    const slots = new Map<string, WeightSlot>();
    let offset = 0;
    for (const spec of artifacts.weightSpecs) {
      const elementBytes = spec.quantization ? QUANTIZED_BYTES[spec.quantization.dtype] : DTYPE_BYTES[spec.dtype];
      if (elementBytes == null) return null;
      const count = spec.shape.reduce((a, b) => a * b, 1);
      slots.set(spec.name, { spec, offset, elementBytes, count });
      offset += count * elementBytes;
    }
    if (offset !== data.byteLength) return null;
    return new WeightTable([...artifacts.weightSpecs], data, slots);
  }

  get(name: string): WeightSlot | undefined {
    return this.slots.get(name);
  }

  /** The values of an unquantized int32 weight of the model (shape constants). */
  int32(name: string): number[] | null {
    const slot = this.slots.get(name);
    if (!slot || slot.spec.dtype !== 'int32' || slot.spec.quantization || slot.offset >= this.data.byteLength) return null;
    return [...new Int32Array(this.data.slice(slot.offset, slot.offset + slot.count * 4).buffer)];
  }

  /**
   * Replaces a weight by the transpose of its elements seen as a [rows, cols] matrix and gives it `shape`.
   * Works on stored elements, so quantized weights stay quantized (their scale and offset are per tensor).
   */
  transpose2d(name: string, rows: number, cols: number, shape: number[]): void {
    if (!this.owned) {
      this.data = this.data.slice();
      this.owned = true;
    }
    const slot = this.slots.get(name)!;
    const { offset, elementBytes: e } = slot;
    const src = this.data.slice(offset, offset + rows * cols * e);
    for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) {
      this.data.set(src.subarray((r * cols + c) * e, (r * cols + c + 1) * e), offset + (c * rows + r) * e);
    }
    const spec = { ...slot.spec, shape };
    this.specs[this.specs.indexOf(slot.spec)] = spec;
    slot.spec = spec;
  }

  /** Appends an int32 weight (e.g. a Reshape's shape) and returns its name. */
  addInt32(name: string, values: number[]): string {
    const spec: io.WeightsManifestEntry = { name, shape: [values.length], dtype: 'int32' };
    const bytes = new Uint8Array(new Int32Array(values).buffer);
    this.slots.set(name, { spec, offset: this.data.byteLength + this.appendedBytes, elementBytes: 4, count: values.length });
    this.specs.push(spec);
    this.appended.push(bytes);
    this.appendedBytes += bytes.byteLength;
    return name;
  }

  artifacts(artifacts: io.ModelArtifacts): io.ModelArtifacts {
    const weightData = this.appended.length === 0 ? this.data.buffer
      : io.CompositeArrayBuffer.join([this.data.buffer, ...this.appended.map((a) => a.buffer)]);
    return { ...artifacts, weightSpecs: this.specs, weightData };
  }
}
