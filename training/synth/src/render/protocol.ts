// Messages between the Node controller and the render page.
import type { ViewParams } from '../model/view.ts';

export interface PartSpec {
  key: string;
  /** Name of the positions array in the identity blob ("base" = body vertices, else a proxy id). */
  positions: string;
  map?: string;
  color?: [number, number, number];
  roughness?: number;
}

export interface IdentityMeta {
  /** The body comes first. */
  parts: PartSpec[];
  bones: { names: string[]; parents: number[] };
  /** Body (source) vertex per named landmark. */
  landmarks: Record<string, number>;
}

export type ViewRequest = ViewParams;

/** [column, row, camera depth in metres] per landmark (pixel centres at +0.5). */
export type ViewLandmarks = Record<string, [number, number, number]>;
