import type { Photo3DLayers } from '../layers.js';
import type { StartSoftThread, SoftThread } from './loop-scheduler.js';
import type { SoftFrameRequest, SoftWorkerSetup } from './loop-worker.js';

/** A finished live frame: RGBA, top row first, at the size it was asked for. */
export interface LiveFrame {
  pixels: Uint8Array;
  width: number;
  height: number;
}

/**
 * Frames for an animation on rendering threads, one request in flight per thread. Each request takes the view as it
 * is when sent (`current()`: phase, pointer parallax, settings), so changes show up a frame later; only the newest
 * finished frame is kept, and one finishing after a newer one is dropped. Requests are spread over a frame's time
 * (threads started together would otherwise finish together and show as one frame), and stop once `threads`
 * were sent since the animation last took a frame, so a loop that stops ticking (a hidden tab) stops the work too.
 */
export class LiveFrames {
  private readonly idle: SoftThread[] = [];
  private readonly threads: SoftThread[] = [];
  private readonly asked = new Map<number, { width: number; height: number; sent: number }>();
  private next = 0;
  private newest = -1;
  /** Frames asked for before this index draw the previous layers. */
  private layersFrom = 0;
  private latest: LiveFrame | undefined;
  private sentSinceTake = 0;
  private lastSent = -Infinity;
  /** Smoothed milliseconds from request to result. */
  private roundTrip = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;

  /** Throws when threads cannot start here (what `start` throws); later failures go to `failed`. */
  constructor(start: StartSoftThread, setup: SoftWorkerSetup, count: number, private readonly current: () => SoftFrameRequest,
    failed: (error: Error) => void) {
    const fail = (error: Error): void => {
      if (this.stopped) return;
      this.terminate();
      failed(error);
    };
    try {
      for (let i = 0; i < count; i++) {
        const thread: SoftThread = start(setup, { result: (r) => this.receive(thread, r.index, r.pixels!), failed: fail });
        this.threads.push(thread);
        this.idle.push(thread);
      }
    } catch (error) {
      this.terminate();
      throw error;
    }
    this.dispatch();
  }

  /** The newest frame finished since the last call, if any; also lets more requests go out. */
  take(): LiveFrame | undefined {
    const frame = this.latest;
    this.latest = undefined;
    this.sentSinceTake = 0;
    this.dispatch();
    return frame;
  }

  setLayers(layers: Photo3DLayers): void {
    for (const thread of this.threads) thread.post({ type: 'layers', layers }, []);
    this.layersFrom = this.next;
  }

  terminate(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    for (const thread of this.threads) void thread.terminate();
  }

  private receive(thread: SoftThread, index: number, pixels: Uint8Array): void {
    if (this.stopped) return;
    const request = this.asked.get(index)!;
    this.asked.delete(index);
    this.idle.push(thread);
    const now = performance.now();
    this.roundTrip = this.roundTrip ? 0.8 * this.roundTrip + 0.2 * (now - request.sent) : now - request.sent;
    if (index > this.newest && index >= this.layersFrom) {
      this.newest = index;
      this.latest = { pixels, width: request.width, height: request.height };
    }
    this.dispatch();
  }

  private dispatch(): void {
    while (!this.stopped && this.timer === undefined && this.idle.length && this.sentSinceTake < this.threads.length) {
      // Half an even spread apart: enough to keep threads from finishing together, short enough that timing jitter
      // never leaves one idle.
      const wait = this.lastSent + (0.5 * this.roundTrip) / this.threads.length - performance.now();
      if (wait > 0) {
        this.timer = setTimeout(() => {
          this.timer = undefined;
          this.dispatch();
        }, wait);
        return;
      }
      const request = this.current();
      const index = this.next++;
      this.lastSent = performance.now();
      this.sentSinceTake++;
      this.asked.set(index, { width: request.width, height: request.height, sent: this.lastSent });
      this.idle.pop()!.post({ type: 'frame', index, ...request }, []);
    }
  }
}
