// What every renderer gives back, and the one interface generate.ts drives them through.
import type { ViewLandmarks, ViewRequest } from './protocol.ts';

export interface RenderedView {
  /** Camera z × DEPTH_SCALE per pixel, row-major from the top-left; 0 where no person. */
  depth: Uint16Array;
  /** sRGB, 3 bytes per pixel. */
  rgb: Uint8Array;
  /** 255 where the visible surface is the face region, else 0; null from renderers that do not draw it (webgl). */
  face: Uint8Array | null;
  landmarks: ViewLandmarks;
  /**
   * Where a requested held object ended up: world centre (m), its centre and the palm as [column, row, camera z], how far it was
   * pushed out of the body (m) and how many pixels show it; null when it could not be placed. Absent when none was asked for.
   */
  heldObject?: HeldObjectPlacement | null;
}

export interface HeldObjectPlacement {
  position: [number, number, number];
  image: [number, number, number];
  /** The holding palm as [column, row, camera z]. */
  palmImage: [number, number, number];
  pushedM: number;
  visiblePixels: number;
}

export interface RenderPool {
  /** Number of people that can be rendered at once (pages or worker threads). */
  readonly slots: number;
  /** Renders `views` of the person in `identity` (an identityBlob) on one slot; a busy slot queues the request. */
  render(slot: number, identity: Uint8Array, views: ViewRequest[]): Promise<RenderedView[]>;
  close(): Promise<void>;
}
