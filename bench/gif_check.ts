// A speed figure is only reported for a GIF a player would show as asked (frame count, size).
import { probeMedia } from '../test-support/media.ts';

export interface GifFacts {
  frames: number;
  width: number;
  height: number;
  /** Seconds, from the container. */
  duration: number;
  bytes: number;
}

export function probeGif(file: string, bytes: number): GifFacts {
  const { frameCount: frames, width, height, duration } = probeMedia(file);
  return { frames, width, height, duration, bytes };
}

/** Throws unless the GIF holds exactly `frames` frames of size×size. */
export function expectLoop(name: string, facts: GifFacts, frames: number, size: number): void {
  if (facts.frames !== frames || facts.width !== size || facts.height !== size) {
    throw new Error(`${name}'s GIF has ${facts.frames} frames of ${facts.width}×${facts.height}, expected ${frames} of ${size}×${size}: the comparison would not be like for like.`);
  }
}
