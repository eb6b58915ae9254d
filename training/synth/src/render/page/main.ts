// The render page (runs in headless Chromium, WebGL through SwiftShader). Node sends a person (rest-pose
// positions + bone heads) and a batch of views; for each view the page renders linear HDR colour (PBR,
// image-based lighting) with camera-space depth in the same pass, composites it over the background, tone
// maps to sRGB, and returns colour and depth.
import * as THREE from 'three';
import { HDRLoader } from 'three/examples/jsm/loaders/HDRLoader.js';
import { unpack } from '../blob.ts';
import type { PartMeta } from '../parts.ts';
import type { IdentityMeta, ViewRequest, ViewLandmarks } from '../protocol.ts';
import { defaultRoughness, tintByLuminance } from '../materials.ts';
import { aim, buildSkeleton, pose, projectLandmarks, sourceNormals, type Skeleton } from '../rig.ts';

interface Part {
  meta: PartMeta;
  geometry: THREE.BufferGeometry;
  sourceIndex: Uint32Array;
  colour: THREE.MeshStandardMaterial;
}

interface Env {
  texture: THREE.Texture;
  /** 0.5 / mean luminance, so every map lights the person about equally before exposure. */
  normalise: number;
}

let renderer: THREE.WebGLRenderer;
let width = 0;
let height = 0;
let depthScale = 0;
/** Attachment 0: linear HDR colour of the person (alpha = coverage); 1: packed depth. */
let personTarget: THREE.WebGLRenderTarget;
let backgroundTarget: THREE.WebGLRenderTarget;
let outputTarget: THREE.WebGLRenderTarget;
const backgroundScene = new THREE.Scene();
const outputScene = new THREE.Scene();
const outputCamera = new THREE.OrthographicCamera();
let outputMaterial: THREE.ShaderMaterial;
let pmrem: THREE.PMREMGenerator;
const scene = new THREE.Scene();
const camera = new THREE.PerspectiveCamera();
const keyLight = new THREE.DirectionalLight();
const parts = new Map<string, Promise<Part>>();
const textures = new Map<string, Promise<THREE.Texture>>();
const envs = new Map<string, Promise<Env>>();
let person: { skeleton: Skeleton; meshes: THREE.SkinnedMesh[]; meta: IdentityMeta } | null = null;

// Person over background, then exposure, white balance, ACES filmic tone mapping and sRGB encoding.
const OUTPUT_FRAGMENT = /* glsl */ `
#include <common>
#include <tonemapping_pars_fragment>
uniform sampler2D person;
uniform sampler2D background;
uniform vec3 backgroundColour;
uniform float useBackgroundMap;
uniform vec3 whiteBalance;
varying vec2 vUv;
void main() {
  vec4 p = texture2D(person, vUv);
  vec3 b = useBackgroundMap > 0.5 ? texture2D(background, vUv).rgb : backgroundColour;
  vec3 c = mix(b, p.rgb, p.a) * whiteBalance;
  gl_FragColor = sRGBTransferOETF(vec4(ACESFilmicToneMapping(c), 1.0));
}`;

/**
 * Every person material also writes camera depth to a second attachment in the same pass, as the dataset's
 * 16-bit value split over two 8-bit channels (exact). Fragments the alpha test discards write neither, so
 * depth exists exactly where the colour pass drew the person. Hair and eyebrows are grey-scaled so the material
 * colour alone sets their hue.
 */
function addDepthOutput(m: THREE.MeshStandardMaterial, tinted: boolean): void {
  m.onBeforeCompile = (shader) => {
    shader.vertexShader = shader.vertexShader
      .replace('void main() {', 'varying float vViewDepth;\nvoid main() {')
      .replace('#include <project_vertex>', '#include <project_vertex>\n  vViewDepth = -mvPosition.z;');
    let f = shader.fragmentShader
      .replace('void main() {', `varying float vViewDepth;\nlayout(location = 1) out highp vec4 gDepth;\nvoid main() {`)
      .replace('#include <dithering_fragment>', `#include <dithering_fragment>
        float d = clamp(floor(vViewDepth * ${depthScale.toFixed(1)} + 0.5), 1.0, 65535.0);
        gDepth = vec4(floor(d / 256.0) / 255.0, mod(d, 256.0) / 255.0, 0.0, 1.0);`);
    if (tinted) {
      f = f.replace('#include <map_fragment>', `#ifdef USE_MAP
        vec4 texel = texture2D(map, vMapUv);
        diffuseColor *= vec4(vec3(dot(texel.rgb, vec3(0.2126, 0.7152, 0.0722)) * 2.5), texel.a);
      #endif`);
    }
    shader.fragmentShader = f;
  };
  m.customProgramCacheKey = () => (tinted ? 'depth-output-tinted' : 'depth-output');
}

const OUTPUT_VERTEX = /* glsl */ `
varying vec2 vUv;
void main() {
  vUv = uv;
  gl_Position = vec4(position.xy, 0.0, 1.0);
}`;

async function fetchBinary(url: string): Promise<ArrayBuffer> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status} ${await res.text()}`);
  return res.arrayBuffer();
}

function texture(url: string, srgb: boolean): Promise<THREE.Texture> {
  let t = textures.get(url);
  if (!t) {
    t = new THREE.TextureLoader().loadAsync(url).then((tex) => {
      tex.colorSpace = srgb ? THREE.SRGBColorSpace : THREE.NoColorSpace;
      tex.flipY = true;
      tex.anisotropy = 1;
      return tex;
    }, () => { throw new Error(`Cannot load texture ${url}`); });
    textures.set(url, t);
  }
  return t;
}

/** Halves an RGBA float equirect map (2×2 box filter): PMREM work drops 4x, lighting is unchanged. */
function halve(data: Float32Array, w: number, h: number): THREE.DataTexture {
  const W = w >> 1;
  const H = h >> 1;
  const out = new Float32Array(W * H * 4);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      for (let c = 0; c < 4; c++) {
        const a = ((2 * y) * w + 2 * x) * 4 + c;
        out[(y * W + x) * 4 + c] = (data[a] + data[a + 4] + data[a + 4 * w] + data[a + 4 * w + 4]) / 4;
      }
    }
  }
  const t = new THREE.DataTexture(out, W, H, THREE.RGBAFormat, THREE.FloatType);
  t.colorSpace = THREE.LinearSRGBColorSpace;
  t.mapping = THREE.EquirectangularReflectionMapping;
  t.flipY = true; // as HDRLoader's own texture: rows are stored top-down
  t.minFilter = THREE.LinearFilter;
  t.magFilter = THREE.LinearFilter;
  t.needsUpdate = true;
  return t;
}

function env(name: string): Promise<Env> {
  let e = envs.get(name);
  if (!e) {
    e = new HDRLoader().setDataType(THREE.FloatType).loadAsync(`/hdri/${name}`).then((tex) => {
      const data = tex.image.data as Float32Array;
      let sum = 0;
      for (let i = 0; i < data.length; i += 4) sum += 0.2126 * data[i] + 0.7152 * data[i + 1] + 0.0722 * data[i + 2];
      const mean = sum / (data.length / 4);
      const small = halve(data, tex.image.width, tex.image.height);
      const cube = pmrem.fromEquirectangular(small).texture;
      tex.dispose();
      small.dispose();
      return { texture: cube, normalise: 0.5 / Math.max(mean, 1e-4) };
    }, () => { throw new Error(`Cannot load HDR map ${name}`); });
    envs.set(name, e);
  }
  return e;
}

async function part(key: string): Promise<Part> {
  let p = parts.get(key);
  if (!p) {
    p = fetchBinary(`/part/${encodeURIComponent(key)}`).then(async (buf) => {
      const { meta, arrays } = unpack<PartMeta>(buf);
      const g = new THREE.BufferGeometry();
      const n = arrays.sourceIndex.length;
      g.setAttribute('position', new THREE.BufferAttribute(new Float32Array(n * 3), 3));
      g.setAttribute('normal', new THREE.BufferAttribute(new Float32Array(n * 3), 3));
      g.setAttribute('uv', new THREE.BufferAttribute(arrays.uv, 2));
      g.setAttribute('skinIndex', new THREE.BufferAttribute(arrays.skinIndex, 4));
      g.setAttribute('skinWeight', new THREE.BufferAttribute(arrays.skinWeight, 4));
      g.setIndex(new THREE.BufferAttribute(arrays.index, 1));
      const mat = meta.material;
      const colour = new THREE.MeshStandardMaterial({ roughness: defaultRoughness(mat.kind), metalness: 0 });
      colour.side = mat.doubleSided ? THREE.DoubleSide : THREE.FrontSide;
      if (mat.map) colour.map = await texture(mat.map, true);
      if (mat.normalMap) colour.normalMap = await texture(mat.normalMap, false);
      if (mat.aoMap) colour.aoMap = await texture(mat.aoMap, false);
      if (mat.alpha) colour.alphaTest = 0.5;
      addDepthOutput(colour, tintByLuminance(mat.kind));
      return { meta, geometry: g, sourceIndex: arrays.sourceIndex as Uint32Array, colour };
    });
    parts.set(key, p);
  }
  return p;
}

/** Rest-pose positions and smooth normals of one part's render vertices. */
function fillGeometry(p: Part, source: Float32Array): void {
  const pos = p.geometry.getAttribute('position') as THREE.BufferAttribute;
  const nor = p.geometry.getAttribute('normal') as THREE.BufferAttribute;
  const si = p.sourceIndex;
  const sn = sourceNormals(source, si, p.geometry.getIndex()!.array as Uint32Array);
  const P = pos.array as Float32Array;
  const N = nor.array as Float32Array;
  for (let i = 0; i < si.length; i++) {
    const s = si[i] * 3;
    P[3 * i] = source[s]; P[3 * i + 1] = source[s + 1]; P[3 * i + 2] = source[s + 2];
    N[3 * i] = sn[s]; N[3 * i + 1] = sn[s + 1]; N[3 * i + 2] = sn[s + 2];
  }
  pos.needsUpdate = true;
  nor.needsUpdate = true;
}

async function init(opts: { width: number; height: number; depthScale: number }): Promise<void> {
  width = opts.width;
  height = opts.height;
  depthScale = opts.depthScale;
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  // All passes go to render targets: reading the default framebuffer back is very slow in SwiftShader.
  renderer = new THREE.WebGLRenderer({ canvas, antialias: false, alpha: false });
  renderer.setPixelRatio(1);
  renderer.setSize(width, height, false);
  const gl = renderer.getContext();
  if (!(gl instanceof WebGL2RenderingContext) || !gl.getExtension('EXT_color_buffer_float')) {
    throw new Error('WebGL2 with EXT_color_buffer_float is required for the HDR colour pass');
  }
  const exact = { minFilter: THREE.NearestFilter, magFilter: THREE.NearestFilter, generateMipmaps: false };
  // No MSAA: SwiftShader shades every sample, which made a frame 4-5x slower.
  personTarget = new THREE.WebGLRenderTarget(width, height, { ...exact, type: THREE.HalfFloatType, count: 2 });
  personTarget.textures[1].type = THREE.UnsignedByteType;
  backgroundTarget = new THREE.WebGLRenderTarget(width, height, { ...exact, type: THREE.HalfFloatType, depthBuffer: false });
  outputTarget = new THREE.WebGLRenderTarget(width, height, { ...exact, type: THREE.UnsignedByteType, depthBuffer: false });
  outputMaterial = new THREE.ShaderMaterial({
    vertexShader: OUTPUT_VERTEX,
    fragmentShader: OUTPUT_FRAGMENT,
    uniforms: {
      person: { value: personTarget.textures[0] },
      background: { value: backgroundTarget.texture },
      backgroundColour: { value: new THREE.Color() },
      useBackgroundMap: { value: 0 },
      whiteBalance: { value: new THREE.Vector3(1, 1, 1) },
      // Exposure is folded into whiteBalance; three only sets this uniform for tone-mapped (on-screen) passes.
      toneMappingExposure: { value: 1 },
    },
    depthTest: false,
    depthWrite: false,
  });
  const quad = new THREE.Mesh(new THREE.PlaneGeometry(2, 2), outputMaterial);
  quad.frustumCulled = false;
  outputScene.add(quad);
  pmrem = new THREE.PMREMGenerator(renderer);
  scene.add(keyLight);
  scene.add(keyLight.target);
}

async function setIdentity(url: string): Promise<void> {
  const { meta, arrays } = unpack<IdentityMeta>(await fetchBinary(url));
  if (person) scene.remove(person.skeleton.root);
  const sk = buildSkeleton(meta, arrays.boneHeads as Float32Array);
  const skeleton = new THREE.Skeleton(sk.bones);
  const meshes: THREE.SkinnedMesh[] = [];
  for (const spec of meta.parts) {
    const p = await part(spec.key);
    fillGeometry(p, arrays[spec.positions] as Float32Array);
    const m = p.colour;
    if (spec.map) m.map = await texture(spec.map, true);
    if (spec.color) m.color.setRGB(spec.color[0], spec.color[1], spec.color[2], THREE.LinearSRGBColorSpace);
    if (spec.roughness !== undefined) m.roughness = spec.roughness;
    m.needsUpdate = true;
    const mesh = new THREE.SkinnedMesh(p.geometry, m);
    mesh.frustumCulled = false;
    mesh.userData.part = p;
    sk.root.add(mesh);
    mesh.bind(skeleton, new THREE.Matrix4());
    meshes.push(mesh);
  }
  scene.add(sk.root);
  person = { skeleton: sk, meshes, meta };
}

const deg = THREE.MathUtils.degToRad;

async function light(v: ViewRequest): Promise<void> {
  const e = await env(v.hdr);
  scene.environment = e.texture;
  scene.environmentRotation.set(0, deg(v.hdrRotation), 0);
  scene.environmentIntensity = e.normalise;
  const bg = v.background;
  const u = outputMaterial.uniforms;
  u.useBackgroundMap.value = bg.type === 'colour' ? 0 : 1;
  if (bg.type === 'colour') {
    (u.backgroundColour.value as THREE.Color).setRGB(bg.color[0], bg.color[1], bg.color[2], THREE.SRGBColorSpace);
  } else {
    const be = bg.type === 'hdr' ? e : await env(bg.hdr);
    backgroundScene.background = be.texture;
    backgroundScene.backgroundRotation.set(0, deg(bg.type === 'hdr' ? v.hdrRotation : bg.rotation), 0);
    backgroundScene.backgroundIntensity = be.normalise;
    backgroundScene.backgroundBlurriness = bg.blur;
  }
  const k = v.keyLight;
  // Always in the scene (intensity 0 when unused): toggling it would compile a second program per material.
  keyLight.intensity = 0;
  if (k) {
    keyLight.color.setRGB(k.color[0], k.color[1], k.color[2]);
    keyLight.intensity = k.intensity;
    const target = new THREE.Vector3(...v.camera.target);
    keyLight.target.position.copy(target);
    const dir = new THREE.Vector3(Math.sin(deg(k.azimuthDeg)) * Math.cos(deg(k.elevationDeg)), Math.sin(deg(k.elevationDeg)), Math.cos(deg(k.azimuthDeg)) * Math.cos(deg(k.elevationDeg)));
    keyLight.position.copy(target).addScaledVector(dir, 3);
    keyLight.target.updateMatrixWorld();
  }
}

/** Where chosen body vertices land: pixel column/row (top-left origin) and camera depth in metres. */
function landmarks(): ViewLandmarks {
  const body = person!.meshes[0];
  const sourceIndex = (body.userData.part as Part).sourceIndex;
  const points: Record<string, THREE.Vector3> = {};
  for (const [name, vertex] of Object.entries(person!.meta.landmarks)) {
    points[name] = body.getVertexPosition(sourceIndex.indexOf(vertex), new THREE.Vector3()).applyMatrix4(body.matrixWorld);
  }
  return projectLandmarks(camera, points, width, height);
}

/** Reads an 8-bit RGBA target; rows come back bottom-up from WebGL. */
function readTarget(target: THREE.WebGLRenderTarget, attachment: number): Uint8Array {
  const rgba = new Uint8Array(width * height * 4);
  renderer.readRenderTargetPixels(target, 0, 0, width, height, rgba, undefined, attachment);
  return rgba;
}

function copyColour(rgba: Uint8Array, out: Uint8Array, offset: number): void {
  for (let y = 0; y < height; y++) {
    const src = (height - 1 - y) * width * 4;
    const dst = offset + y * width * 3;
    for (let x = 0; x < width; x++) {
      out[dst + 3 * x] = rgba[src + 4 * x];
      out[dst + 3 * x + 1] = rgba[src + 4 * x + 1];
      out[dst + 3 * x + 2] = rgba[src + 4 * x + 2];
    }
  }
}

function copyDepth(rgba: Uint8Array, out: Uint16Array): void {
  for (let y = 0; y < height; y++) {
    const src = (height - 1 - y) * width * 4;
    for (let x = 0; x < width; x++) out[y * width + x] = rgba[src + 4 * x] * 256 + rgba[src + 4 * x + 1];
  }
}

function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/** Bytes per view in the reply: uint16 depth (0 = no person) then RGB, padded to 4 bytes. */
function viewBytes(): number {
  return Math.ceil((width * height * 5) / 4) * 4;
}

async function render(views: ViewRequest[]): Promise<{ data: string; landmarks: ViewLandmarks[] }> {
  if (!person) throw new Error('render before setIdentity');
  const pixels = width * height;
  const out = new Uint8Array(viewBytes() * views.length);
  const marks: ViewLandmarks[] = [];
  for (let i = 0; i < views.length; i++) {
    const v = views[i];
    const at = i * viewBytes();
    pose(person.skeleton, v);
    await light(v);
    aim(camera, v, width, height);
    if (v.background.type !== 'colour') {
      renderer.setRenderTarget(backgroundTarget);
      renderer.render(backgroundScene, camera);
    }
    renderer.setRenderTarget(personTarget);
    renderer.setClearColor(0x000000, 0);
    renderer.clear();
    renderer.render(scene, camera);
    outputMaterial.uniforms.whiteBalance.value.set(...v.whiteBalance).multiplyScalar(v.exposure);
    renderer.setRenderTarget(outputTarget);
    renderer.render(outputScene, outputCamera);
    copyColour(readTarget(outputTarget, 0), out, at + pixels * 2);
    copyDepth(readTarget(personTarget, 1), new Uint16Array(out.buffer, at, pixels));
    renderer.setRenderTarget(null);
    marks.push(landmarks());
  }
  return { data: toBase64(out), landmarks: marks };
}

(window as unknown as { synth: unknown }).synth = { init, setIdentity, render };
