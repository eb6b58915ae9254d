// Renders a dataset: every sample is a pure function of (seed, index), so the set is reproducible, resumable
// and can be split over several renderers in any order.
import { mkdirSync } from 'node:fs';
import { basename } from 'node:path';
import { resolveAssetsRoot } from '../assets/files.ts';
import { Library } from '../model/library.ts';
import { buildIdentity, sampleIdentity, ImplausibleIdentity, type BuiltIdentity } from '../model/identity.ts';
import { FRAMINGS, sampleView, type Figure, type Framing, type ViewParams } from '../model/view.ts';
import { sampleFoldedArms } from '../model/foldedArms.ts';
import { sampleHeldObject } from '../model/heldObject.ts';
import { HOLDOUT_HDRS, HOLDOUT_SKINS, splitFiles } from '../model/splits.ts';
import { identityBlob } from '../render/identityBlob.ts';
import { ChromiumRenderPool } from '../render/chromiumPool.ts';
import { CpuRenderPool } from '../render/cpu/pool.ts';
import { Parts } from '../render/parts.ts';
import type { RenderedView, RenderPool } from '../render/view.ts';
import { Rng } from '../random.ts';
import { openManifest, saveManifest } from './manifest.ts';
import { DEPTH_SCALE, sampleStem } from './format.ts';
import { writeSample } from './writeSample.ts';

export interface GenerateOptions {
  out: string;
  count: number;
  seed: number;
  width: number;
  height: number;
  holdout: boolean;
  samplesPerShard: number;
  /** Consecutive samples that show the same person (different pose, camera, light): building a person costs more than a view. */
  viewsPerIdentity: number;
  /** 'cpu': the JavaScript rasteriser on worker threads (fast); 'webgl': three.js in headless Chromium. */
  renderer: 'cpu' | 'webgl';
  /** Parallel renderers (worker threads or Chromium pages). */
  workers: number;
  frontal: boolean;
  /** Probability (0–1) that a sample shows an object held in one hand in front of the body (cpu renderer only). */
  heldObjects: number;
  /** Probability (0–1) that a sample's arms are folded in front of the body (crossed, at the chin, one across). */
  foldedArms: number;
  assets?: string;
  log?: (line: string) => void;
}

export interface GenerateResult {
  rendered: number;
  seconds: number;
  samplesPerSecond: number;
}

/** Up to 20 draws per person: sliders rarely combine into an implausible body, which is drawn again. */
export function person(lib: Library, seed: number, identity: number, holdout: boolean): BuiltIdentity {
  for (let attempt = 0; ; attempt++) {
    try {
      return buildIdentity(lib, sampleIdentity(lib, Rng.stream(seed, 'identity', identity, attempt), holdout));
    } catch (e) {
      if (!(e instanceof ImplausibleIdentity) || attempt >= 19) throw e;
    }
  }
}

/**
 * Held-out sets cycle through the framings (balanced; with 4 views per person each person is seen in all four);
 * training sets draw them, weighted towards the close framings where the face's relief matters most.
 */
function framingOf(o: GenerateOptions, index: number): Framing {
  if (o.frontal) return 'head-shoulders';
  if (o.holdout) return FRAMINGS[index % FRAMINGS.length];
  const r = Rng.stream(o.seed, 'framing', index).next();
  return r < 0.3 ? 'selfie' : r < 0.65 ? 'head-shoulders' : r < 0.85 ? 'half' : 'full';
}

/** Face centre (behind and above the nose tip), top of the head and soles, from the rest-pose body. */
export function figure(lib: Library, who: BuiltIdentity): Figure {
  const nose = lib.face().landmarks.noseTip;
  const b = who.body;
  let topY = -Infinity;
  let feetY = Infinity;
  for (let v = 1; v < b.length; v += 3) {
    topY = Math.max(topY, b[v]);
    feetY = Math.min(feetY, b[v]);
  }
  return { face: [b[3 * nose], b[3 * nose + 1] + 0.02, b[3 * nose + 2] - 0.06], topY, feetY };
}

/**
 * Sample `index`'s camera, pose, light and background; with probability `foldedArms` arms folded in front of the
 * body; with probability `heldObjects` an object in one hand (that arm bent to bring the hand in front of the body,
 * unfolded). Folded arms and the object have streams of their own, so the other draws do not depend on the knobs.
 */
export function viewOf(lib: Library, o: GenerateOptions, index: number, fig: Figure): ViewParams {
  let view = sampleView(lib, Rng.stream(o.seed, 'view', index), fig, framingOf(o, index), o);
  const folding = Rng.stream(o.seed, 'folded-arms', index);
  if (o.foldedArms > 0 && !o.frontal && folding.chance(o.foldedArms)) {
    const { pose, arms } = sampleFoldedArms(folding, view.framing, view);
    view = { ...view, ...arms, foldedArms: pose };
  }
  if (o.heldObjects <= 0) return view;
  const rng = Rng.stream(o.seed, 'held-object', index);
  if (!rng.chance(o.heldObjects)) return view;
  const { object, arms } = sampleHeldObject(rng, view.framing, view);
  const twist = view.armsTwistDeg && ([...view.armsTwistDeg] as [number, number]);
  if (twist) twist[object.hand] = 0;
  return { ...view, ...arms, ...(twist ? { armsTwistDeg: twist } : {}), heldObject: object };
}

/** Per landmark: inside the image and not hidden (the rendered depth there is within 1 cm of the landmark's). */
function visibility(view: RenderedView, width: number, height: number): Record<string, boolean> {
  const out: Record<string, boolean> = {};
  for (const [name, [x, y, z]] of Object.entries(view.landmarks)) {
    const inside = x >= 0 && y >= 0 && x < width && y < height;
    out[name] = inside && Math.abs(view.depth[Math.floor(y) * width + Math.floor(x)] / DEPTH_SCALE - z) < 0.01;
  }
  return out;
}

/**
 * The object drawn for a sample (kind, which hand, sizes, colours) and where it ended up; `placed: false` when the
 * renderer could not put it in the hand (its arm is still posed to hold it); null when the sample drew none.
 */
function heldObjectJson(v: ViewParams, r: RenderedView): object | null {
  if (!v.heldObject) return null;
  const { kind, hand, size, grip, gripAngleDeg, yawDeg, tiltXDeg, tiltZDeg, primitives } = v.heldObject;
  return {
    kind, hand: hand === 0 ? 'left' : 'right', size, grip, gripAngleDeg, yawDeg, tiltXDeg, tiltZDeg,
    primitives: primitives.map(({ shape, size: s, offset, colors, pattern, roughness }) => ({ shape, size: s, offset, colors, pattern, roughness })),
    placed: Boolean(r.heldObject), ...r.heldObject,
  };
}

export async function generate(o: GenerateOptions): Promise<GenerateResult> {
  const log = o.log ?? (() => {});
  if (!Number.isInteger(o.count) || o.count < 1) throw new Error(`--count must be a positive integer, got ${o.count}`);
  if (!(o.heldObjects >= 0 && o.heldObjects <= 1)) throw new Error(`--held-objects must be a probability from 0 to 1, got ${o.heldObjects}`);
  if (!(o.foldedArms >= 0 && o.foldedArms <= 1)) throw new Error(`--folded-arms must be a probability from 0 to 1, got ${o.foldedArms}`);
  if (o.heldObjects > 0 && o.renderer !== 'cpu') throw new Error('The webgl renderer does not draw held objects: add --held-objects 0 or use --renderer cpu.');
  if (o.width < 16 || o.height < 16 || o.width > 4096 || o.height > 4096) throw new Error(`Image size ${o.width}x${o.height} is outside 16..4096`);
  const lib = new Library(resolveAssetsRoot(o.assets));
  mkdirSync(o.out, { recursive: true });
  const manifest = openManifest(o.out, {
    seed: o.seed, count: o.count, height: o.height, width: o.width, samplesPerShard: o.samplesPerShard,
    viewsPerIdentity: o.viewsPerIdentity, frontal: o.frontal, renderer: o.renderer, heldObjects: o.heldObjects, foldedArms: o.foldedArms,
    splits: {
      holdout: o.holdout,
      hdrs: splitFiles(lib.hdrs, HOLDOUT_HDRS, o.holdout).map((f) => basename(f)),
      skins: splitFiles(lib.skins, HOLDOUT_SKINS, o.holdout).map((f) => basename(f)),
    },
  });
  const done = new Set(manifest.complete);
  const jobs = new Map<number, number[]>();
  for (let i = 0; i < o.count; i++) {
    if (done.has(i)) continue;
    const k = Math.floor(i / o.viewsPerIdentity);
    jobs.set(k, [...(jobs.get(k) ?? []), i]);
  }
  const todo = [...jobs.entries()];
  const total = todo.reduce((s, [, v]) => s + v.length, 0);
  saveManifest(o.out, manifest);
  if (total === 0) {
    log(`${o.out}: all ${o.count} samples already rendered`);
    return { rendered: 0, seconds: 0, samplesPerSecond: 0 };
  }
  log(`${o.out}: rendering ${total} of ${o.count} samples (${o.width}x${o.height}) with ${o.workers} ${o.renderer} renderer(s)`);
  const pool: RenderPool = o.renderer === 'cpu'
    ? CpuRenderPool.start(new Parts(lib), { slots: o.workers, width: o.width, height: o.height, depthScale: DEPTH_SCALE, assetsRoot: lib.root })
    : await ChromiumRenderPool.start(lib, { slots: o.workers, width: o.width, height: o.height });
  const t0 = performance.now();
  let rendered = 0;
  let lastLog = t0;
  let lastSave = t0;
  try {
    // Two lanes per renderer: while one lane's person renders, the other builds the next person and writes files.
    await Promise.all(Array.from({ length: 2 * pool.slots }, async (_, lane) => {
      const slot = lane % pool.slots;
      for (let job = todo.shift(); job; job = todo.shift()) {
        const [k, indices] = job;
        const who = person(lib, o.seed, k, o.holdout);
        const fig = figure(lib, who);
        const views = indices.map((i) => viewOf(lib, o, i, fig));
        const results = await pool.render(slot, identityBlob(lib, who), views);
        await Promise.all(indices.map((i, j) => {
          const v = views[j];
          const p = who.params;
          return writeSample(sampleStem(o.out, i, o.samplesPerShard), o.width, o.height, results[j], {
            index: i, seed: o.seed, identity: k, framing: v.framing,
            intrinsics: v.intrinsics, focalMm35: v.focalMm35, distanceM: v.distanceM,
            hdr: v.hdr, hdrRotation: v.hdrRotation, exposure: v.exposure, whiteBalance: v.whiteBalance, keyLight: v.keyLight,
            skin: p.skin, skinTint: p.skinTint, hair: p.hair, hairColor: p.hairColor, eyebrows: p.eyebrows, eyelashes: p.eyelashes,
            eyes: p.eyes, clothes: p.clothes, clothesTint: p.clothesTint, shoes: p.shoes, hat: p.hat, hatColor: p.hatColor,
            beard: p.beard, glasses: p.glasses,
            expression: p.expression.name, expressionStrength: p.expression.strength,
            headYawDeg: v.headYawDeg, headPitchDeg: v.headPitchDeg, headRollDeg: v.headRollDeg,
            shoulderDeg: v.shoulderDeg, armsDownDeg: v.armsDownDeg, armsForwardDeg: v.armsForwardDeg, elbowDeg: v.elbowDeg,
            camera: v.camera, modifiers: p.modifiers, background: v.background,
            landmarks: results[j].landmarks, landmarksVisible: visibility(results[j], o.width, o.height),
            // Only in sets drawn with held objects (folded arms) on, so a set drawn with --held-objects 0
            // (--folded-arms 0) is byte-identical to one drawn before they existed.
            ...(o.heldObjects > 0 ? { heldObject: heldObjectJson(v, results[j]) } : {}),
            ...(o.foldedArms > 0 ? { armsTwistDeg: v.armsTwistDeg ?? [0, 0], foldedArms: v.foldedArms ?? null } : {}),
          });
        }));
        manifest.complete.push(...indices);
        rendered += indices.length;
        const now = performance.now();
        // At most once a second (a synchronous write + rename per person was a tenth of the main thread's time);
        // samples finished since the last save are only rendered again on resume.
        if (now - lastSave > 1000) {
          lastSave = now;
          saveManifest(o.out, manifest);
        }
        if (now - lastLog > 10000 || rendered === total) {
          lastLog = now;
          log(`${rendered}/${total} samples, ${(rendered / ((now - t0) / 1000)).toFixed(2)} samples/s`);
        }
      }
    }));
  } finally {
    saveManifest(o.out, manifest);
    await pool.close();
  }
  const seconds = (performance.now() - t0) / 1000;
  return { rendered, seconds, samplesPerSecond: rendered / seconds };
}
