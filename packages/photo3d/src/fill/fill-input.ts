/** What the background fills (structure, textured) work on: the photo, the hole and where a camera can look. */
export interface FillInput {
  /** Interleaved RGB, 0…255. */
  rgb: Float32Array;
  width: number;
  height: number;
  /** 1 = unknown (the person's region): filled, never lends a colour. */
  hole: Uint8Array;
  /** 1 = known but lends nothing (an occluder's body, whose colours must not spread into the fill); keeps its colour. */
  exclude?: Uint8Array;
  /** 1 = rebuilt from the surroundings (the part of the hole a camera can reveal); the rest of the hole gets push-pull. */
  reveal: Uint8Array;
}
