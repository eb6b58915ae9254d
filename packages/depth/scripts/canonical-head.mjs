// Derives src/priors/canonical_head_data.ts: an average head (MakeHuman's CC0 base mesh, read in place from
// ../shared/assets/makehuman) in the canonical face's frame (cm, +y up, +z towards the viewer), so the face prior
// can place the whole head — forehead, skull, jaw, ears — where the fitted face puts it, not only the face.
// The base mesh (decimetres, an adult of 170 cm) is scaled to cm and its front of the face aligned to MediaPipe's
// canonical face by rigid ICP, starting from the nose tips; each vertex above the scalp line carries the outward normal, so the prior can add a hair allowance.
//   node packages/depth/scripts/canonical-head.mjs [makehuman-dir] [canonical-face-dir]
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const mh = process.argv[2] ?? join(here, '../../../../shared/assets/makehuman');
const faceDir = process.argv[3] ?? join(here, '../../../../shared/assets/face/mediapipe_canonical_face');

function parseObj(text, group) {
  const v = [];
  const faces = [];
  let current = '';
  for (const line of text.split('\n')) {
    const [tag, ...rest] = line.trim().split(/\s+/);
    if (tag === 'v') v.push(rest.slice(0, 3).map(Number));
    else if (tag === 'g') current = rest[0] ?? '';
    else if (tag === 'f' && (group === undefined || current === group)) faces.push(rest.map((s) => Number(s.split('/')[0]) - 1));
  }
  return { v, faces };
}

const body = parseObj(readFileSync(join(mh, 'data/3dobjs/base.obj'), 'utf8'), 'body');
const canonical = parseObj(readFileSync(join(faceDir, 'canonical_face_model.obj'), 'utf8')).v;

/** Vertex indices a MakeHuman target moves. */
function targetIndices(rel) {
  return readFileSync(join(mh, 'data/targets', rel), 'utf8').split('\n')
    .filter((l) => /^\d/.test(l)).map((l) => Number(l.split(/\s+/)[0]));
}
const used = new Set(body.faces.flat());
const noseTip = targetIndices('nose/nose-scale-depth-incr.target').reduce((a, b) => (body.v[b][2] > body.v[a][2] ? b : a));
const earL = targetIndices('ears/l-ear-scale-incr.target');

// Rigid fit mapping src points onto dst points: dst ≈ R·src + t. No scale: one-sided ICP with a free scale blows
// the head up until the small face lies on its flatter front (tried: 1.6× too large at 0.66 cm RMS).
function rigid(src, dst) {
  const n = src.length;
  const ms = [0, 1, 2].map((k) => src.reduce((a, p) => a + p[k], 0) / n);
  const md = [0, 1, 2].map((k) => dst.reduce((a, p) => a + p[k], 0) / n);
  const S = [[0, 0, 0], [0, 0, 0], [0, 0, 0]];
  let varS = 0;
  for (let i = 0; i < n; i++) {
    const a = src[i].map((x, k) => x - ms[k]);
    const b = dst[i].map((x, k) => x - md[k]);
    for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) S[r][c] += b[r] * a[c];
    varS += a[0] ** 2 + a[1] ** 2 + a[2] ** 2;
  }
  // Rotation from the polar decomposition of S (Newton iterations: S is near a scaled rotation here).
  let R = S.map((row) => row.map((x) => x / Math.sqrt(varS)));
  for (let it = 0; it < 50; it++) {
    const inv = invert3(R);
    R = R.map((row, r) => row.map((x, c) => (x + inv[c][r]) / 2));
  }
  const s = 1;
  const t = [0, 1, 2].map((r) => md[r] - s * (R[r][0] * ms[0] + R[r][1] * ms[1] + R[r][2] * ms[2]));
  return (p) => [0, 1, 2].map((r) => s * (R[r][0] * p[0] + R[r][1] * p[1] + R[r][2] * p[2]) + t[r]);
}
function invert3(m) {
  const [[a, b, c], [d, e, f], [g, h, i]] = m;
  const det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g);
  return [[e * i - f * h, c * h - b * i, b * f - c * e], [f * g - d * i, a * i - c * g, c * d - a * f],
    [d * h - e * g, b * g - a * h, a * e - b * d]].map((row) => row.map((x) => x / det));
}

// Start: base mesh units are decimetres; put the nose tips together (canonical vertex 1 is the nose tip).
let transform = (p) => p.map((x, k) => (x - body.v[noseTip][k]) * 10 + canonical[1][k]);
const earDepth = Math.max(...earL.map((i) => body.v[i][2]));
const front = [...used].filter((i) => body.v[i][2] > earDepth && body.v[i][1] > body.v[noseTip][1] - 1.6);
for (let iteration = 0; iteration < 40; iteration++) {
  const moved = front.map((i) => transform(body.v[i]));
  const pairs = canonical.map((c) => {
    let best = 0, bestD = Infinity;
    for (let j = 0; j < moved.length; j++) {
      const d = (moved[j][0] - c[0]) ** 2 + (moved[j][1] - c[1]) ** 2 + (moved[j][2] - c[2]) ** 2;
      if (d < bestD) { bestD = d; best = j; }
    }
    return [moved[best], c];
  });
  const step = rigid(pairs.map((p) => p[0]), pairs.map((p) => p[1]));
  const previous = transform;
  transform = (p) => step(previous(p));
}
const placed = body.v.map((p) => transform(p));
let rms = 0;
for (const c of canonical) {
  let bestD = Infinity;
  for (const i of front) bestD = Math.min(bestD, (placed[i][0] - c[0]) ** 2 + (placed[i][1] - c[1]) ** 2 + (placed[i][2] - c[2]) ** 2);
  rms += bestD;
}
rms = Math.sqrt(rms / canonical.length);

// The head down to 1 cm under the canonical chin (vertex 152). Not the neck: placed with the head's pose it is
// wrong whenever the head turns or tilts on it (held-out renders: whole-person AbsRel and ρ worse with it).
const chinY = canonical[152][1];
// The ears stay, although hair often hides them: without them the sides of the face next to the hole lose their
// shape (held-out renders: face ρ 0.666 → 0.647, whole-person AbsRel 0.0732 → 0.0743).
const keep = (i) => used.has(i) && placed[i][1] > chinY - 1;
// Vertex clustering on a 1 cm grid: the prior is smoothed over ~3 % of the face width anyway, and the base mesh's
// ear and eyelid detail would otherwise make the bundled file five times larger.
const CELL_CM = 1;
const cellOf = new Map();
const representative = [];
for (const i of used) {
  if (!keep(i)) continue;
  const key = placed[i].map((x) => Math.round(x / CELL_CM)).join(',');
  if (!cellOf.has(key)) { cellOf.set(key, representative.length); representative.push([]); }
  representative[cellOf.get(key)].push(i);
}
const clusterOf = new Map();
const centres = representative.map((members, c) => {
  for (const i of members) clusterOf.set(i, c);
  return [0, 1, 2].map((k) => members.reduce((a, i) => a + placed[i][k], 0) / members.length);
});
const normalOf = ([a, b, c]) => {
  const u = [b[0] - a[0], b[1] - a[1], b[2] - a[2]];
  const w = [c[0] - a[0], c[1] - a[1], c[2] - a[2]];
  return [u[1] * w[2] - u[2] * w[1], u[2] * w[0] - u[0] * w[2], u[0] * w[1] - u[1] * w[0]];
};
const triangles = [];
const seen = new Set();
for (const f of body.faces) {
  if (!f.every(keep)) continue;
  for (let k = 1; k + 1 < f.length; k++) {
    const tri = [f[0], f[k], f[k + 1]].map((i) => clusterOf.get(i));
    if (new Set(tri).size < 3) continue;
    // Clustering flips some small triangles inside out; the prior draws front faces only (the camera must not see
    // the head's inside through its opening at the neck), so a flipped one would face the wrong way. Dropped: the
    // clustered surface around them covers their place.
    const before = normalOf([f[0], f[k], f[k + 1]].map((i) => placed[i]));
    const after = normalOf(tri.map((i) => centres[i]));
    if (before[0] * after[0] + before[1] * after[1] + before[2] * after[2] <= 0) continue;
    const key = [...tri].sort((a, b) => a - b).join(',');
    if (seen.has(key)) continue;
    seen.add(key);
    triangles.push(tri);
  }
}
const index = new Map();
const vertices = [];
const normals = new Map();
for (const tri of triangles) {
  const n = normalOf(tri.map((i) => centres[i]));
  for (const i of tri) {
    const acc = normals.get(i) ?? [0, 0, 0];
    normals.set(i, acc.map((x, k) => x + n[k]));
    if (!index.has(i)) { index.set(i, vertices.length / 3); vertices.push(...centres[i].map((x) => Math.round(x * 100) / 100)); }
  }
}
// The scalp: hair covers the head from a little above the eyebrows (canonical vertex 9 sits between them) upwards;
// the weight ramps over 4 cm so the hair allowance has no edge. Faces, ears and neck keep their skin surface.
const browY = canonical[9][1];
const scalp = new Array(vertices.length).fill(0);
for (const [i, k] of index) {
  const n = normals.get(i);
  const len = Math.hypot(...n) || 1;
  const weight = Math.min(1, Math.max(0, (centres[i][1] - browY - 1) / 4));
  for (let c = 0; c < 3; c++) scalp[3 * k + c] = Math.round((weight * n[c]) / len * 100) / 100;
}
const out = join(here, '../src/priors/canonical_head_data.ts');
writeFileSync(out, `// Generated by scripts/canonical-head.mjs from MakeHuman's base mesh (CC0 1.0), aligned to MediaPipe's canonical
// face (ICP RMS ${rms.toFixed(2)} cm). Do not edit: run the script again.
import type { CanonicalHead } from './head_raster.js';

export const CANONICAL_HEAD: CanonicalHead = {
  vertices: Float32Array.from(${JSON.stringify(vertices)}),
  triangles: Uint16Array.from(${JSON.stringify(triangles.flat().map((i) => index.get(i)))}),
  scalpNormals: Float32Array.from(${JSON.stringify(scalp)}),
};
`);
console.log(`wrote ${out}: ${vertices.length / 3} vertices, ${triangles.length} triangles, ICP RMS ${rms.toFixed(2)} cm`);
