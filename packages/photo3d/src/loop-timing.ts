/** How many frames make one loop, and where each sits in time. */
export interface LoopTiming {
  fps: number;
  /** Seconds; one camera-path period. */
  duration: number;
  frames: number;
}

/** Validates fps/duration and rounds the frame count; frame i shows loop phase i/frames, so frame `frames` would equal frame 0. */
export function loopTiming(fps = 30, duration = 3): LoopTiming {
  if (!(fps > 0 && fps <= 120)) throw new Error(`fps must be in (0, 120], got ${fps}.`);
  if (!(duration > 0 && duration <= 120)) throw new Error(`duration must be in (0, 120] seconds, got ${duration}.`);
  const frames = Math.round(fps * duration);
  if (frames < 2) throw new Error(`A loop needs at least 2 frames; ${fps} fps × ${duration} s gives ${frames}.`);
  return { fps, duration, frames };
}

/** GIF delays are whole centiseconds; spreading the rounding keeps the loop's total length exact. */
export function gifDelaysMs(timing: LoopTiming): number[] {
  const cs = (i: number): number => Math.round((100 * i * timing.duration) / timing.frames);
  return Array.from({ length: timing.frames }, (_, i) => 10 * (cs(i + 1) - cs(i)));
}
