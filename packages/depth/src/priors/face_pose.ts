/** The canonical face (cm) fitted to detected landmarks: head pose, scale and the camera distance they imply. */
export interface CanonicalFace {
  /** 468 × [x, y, z] in cm: +x the person's left, +y up, +z out of the face towards the viewer. */
  vertices: Float32Array;
  /** Triangles as vertex-index triples. */
  triangles: Uint16Array;
  /** [landmark, weight] pairs MediaPipe's face-geometry pipeline fits with (stable, rigid points). */
  procrustes: [number, number][];
}

export interface FacePose {
  /** Head rotation in degrees: yaw (positive = the face turns to the image's right), pitch (positive = chin up), roll. */
  yaw: number;
  pitch: number;
  roll: number;
  /** Image pixels per canonical centimetre at the face. */
  pixelsPerCm: number;
  /** Per landmark: how far it lies in front of the canonical origin (cm, towards the camera), after rotation. */
  depthOffsetCm: Float32Array;
  /** RMS distance of the weighted fit, in canonical cm: large means the mesh is not a face the model trusts. */
  rmsCm: number;
  /**
   * The fit itself, for placing other canonical-frame geometry (the head): a canonical point p lands at
   * (q0, −q1, −q2) in landmark coordinates (image px, z in px, nearer = smaller) with q = pixelsPerCm · R·p + t.
   */
  rotation: number[];
  translation: [number, number, number];
}

/** Eigen-decomposition of a symmetric 4×4 matrix (Jacobi): the largest eigenvalue's eigenvector. */
function largestEigenvector(m: number[][]): number[] {
  const a = m.map((r) => [...r]);
  const v = [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]];
  for (let sweep = 0; sweep < 50; sweep++) {
    let off = 0;
    for (let p = 0; p < 4; p++) for (let q = p + 1; q < 4; q++) off += a[p]![q]! ** 2;
    if (off < 1e-18) break;
    for (let p = 0; p < 4; p++) {
      for (let q = p + 1; q < 4; q++) {
        if (Math.abs(a[p]![q]!) < 1e-30) continue;
        const theta = (a[q]![q]! - a[p]![p]!) / (2 * a[p]![q]!);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < 4; k++) {
          const akp = a[k]![p]!, akq = a[k]![q]!;
          a[k]![p] = c * akp - s * akq; a[k]![q] = s * akp + c * akq;
        }
        for (let k = 0; k < 4; k++) {
          const apk = a[p]![k]!, aqk = a[q]![k]!;
          a[p]![k] = c * apk - s * aqk; a[q]![k] = s * apk + c * aqk;
        }
        for (let k = 0; k < 4; k++) {
          const vkp = v[k]![p]!, vkq = v[k]![q]!;
          v[k]![p] = c * vkp - s * vkq; v[k]![q] = s * vkp + c * vkq;
        }
      }
    }
  }
  let best = 0;
  for (let i = 1; i < 4; i++) if (a[i]![i]! > a[best]![best]!) best = i;
  return v.map((row) => row[best]!);
}

/** Rotation matrix (row-major 3×3) from a unit quaternion [w, x, y, z]. */
function quaternionToMatrix([w, x, y, z]: number[]): number[] {
  return [
    1 - 2 * (y! * y! + z! * z!), 2 * (x! * y! - w! * z!), 2 * (x! * z! + w! * y!),
    2 * (x! * y! + w! * z!), 1 - 2 * (x! * x! + z! * z!), 2 * (y! * z! - w! * x!),
    2 * (x! * z! - w! * y!), 2 * (y! * z! + w! * x!), 1 - 2 * (x! * x! + y! * y!),
  ];
}

/**
 * Weighted similarity fit (Horn's quaternion method) of the canonical face to the landmarks, taken as a
 * right-handed frame (x right, y up, z towards the camera: landmark y and z are negated). The landmarks are
 * weak-perspective, so the fitted scale is pixels per cm at the face and the rotation is the head pose.
 */
export function fitCanonicalFace(canonical: CanonicalFace, landmarks: [number, number, number][]): FacePose {
  const pairs = canonical.procrustes;
  let wsum = 0;
  const cs = [0, 0, 0];
  const ls = [0, 0, 0];
  const target = (i: number) => [landmarks[i]![0], -landmarks[i]![1], -landmarks[i]![2]];
  const source = (i: number) => [canonical.vertices[3 * i]!, canonical.vertices[3 * i + 1]!, canonical.vertices[3 * i + 2]!];
  for (const [i, w] of pairs) {
    const s = source(i), t = target(i);
    for (let k = 0; k < 3; k++) { cs[k] += w * s[k]!; ls[k] += w * t[k]!; }
    wsum += w;
  }
  for (let k = 0; k < 3; k++) { cs[k] /= wsum; ls[k] /= wsum; }
  const S = [[0, 0, 0], [0, 0, 0], [0, 0, 0]];
  let sourceVar = 0, targetVar = 0;
  for (const [i, w] of pairs) {
    const s = source(i).map((v, k) => v - cs[k]!);
    const t = target(i).map((v, k) => v - ls[k]!);
    for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) S[r]![c]! += w * s[r]! * t[c]!;
    sourceVar += w * (s[0]! ** 2 + s[1]! ** 2 + s[2]! ** 2);
    targetVar += w * (t[0]! ** 2 + t[1]! ** 2 + t[2]! ** 2);
  }
  const [[sxx, sxy, sxz], [syx, syy, syz], [szx, szy, szz]] = S as [number[], number[], number[]];
  const N = [
    [sxx! + syy! + szz!, syz! - szy!, szx! - sxz!, sxy! - syx!],
    [syz! - szy!, sxx! - syy! - szz!, sxy! + syx!, szx! + sxz!],
    [szx! - sxz!, sxy! + syx!, -sxx! + syy! - szz!, syz! + szy!],
    [sxy! - syx!, szx! + sxz!, syz! + szy!, -sxx! - syy! + szz!],
  ];
  const R = quaternionToMatrix(largestEigenvector(N));
  // Scale: the least-squares ratio of the rotated source onto the target.
  let dot = 0;
  for (const [i, w] of pairs) {
    const s = source(i).map((v, k) => v - cs[k]!);
    const t = target(i).map((v, k) => v - ls[k]!);
    for (let r = 0; r < 3; r++) dot += w * t[r]! * (R[3 * r]! * s[0]! + R[3 * r + 1]! * s[1]! + R[3 * r + 2]! * s[2]!);
  }
  const scale = dot / sourceVar;
  const rmsPx = Math.sqrt(Math.max(0, targetVar - scale * dot) / wsum);
  const translation = [0, 1, 2].map((r) =>
    ls[r]! - scale * (R[3 * r]! * cs[0]! + R[3 * r + 1]! * cs[1]! + R[3 * r + 2]! * cs[2]!)) as [number, number, number];
  const depthOffsetCm = new Float32Array(468);
  for (let i = 0; i < 468; i++) {
    const s = source(i);
    depthOffsetCm[i] = R[6]! * s[0]! + R[7]! * s[1]! + R[8]! * s[2]!;
  }
  // Euler angles of R = Ry(yaw) · Rx(pitch) · Rz(roll) in the camera frame (y up, z towards the camera).
  const pitch = Math.asin(Math.max(-1, Math.min(1, -R[5]!)));
  const yaw = Math.atan2(R[2]!, R[8]!);
  const roll = Math.atan2(R[3]!, R[4]!);
  const deg = 180 / Math.PI;
  return { yaw: yaw * deg, pitch: pitch * deg, roll: roll * deg, pixelsPerCm: scale, depthOffsetCm, rmsCm: rmsPx / scale,
    rotation: R, translation };
}
