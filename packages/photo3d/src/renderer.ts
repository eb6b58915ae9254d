import { Color, PerspectiveCamera, Scene, WebGLRenderer } from 'three';
import type { Photo3DLayers } from './layers.js';
import { createPhoto3DObject, type Photo3DObject } from './scene-object.js';
import { FrameQuad } from './frame-quad.js';
import type { CameraPathOptions, CameraPose } from './camera-paths.js';
import { pathPose, viewFrustum } from './view-frustum.js';

/** 'layer': the inpainted background layer; 'transparent': nothing behind the person; anything else: a CSS colour. */
export type BackgroundMode = 'layer' | 'transparent' | string;

export interface RendererOptions {
  /** Where to draw; default a new OffscreenCanvas (or a <canvas> where OffscreenCanvas is missing). */
  canvas?: HTMLCanvasElement | OffscreenCanvas;
  width: number;
  height: number;
  /** MSAA on the canvas. Default true. */
  antialias?: boolean;
}

/** The path settings a renderer animates with; focus depth and FOV come from the layers unless given. */
export type PathSettings = Omit<CameraPathOptions, 'focusDepth' | 'fovDegrees'> & Partial<Pick<CameraPathOptions, 'focusDepth'>>;

function newCanvas(width: number, height: number): HTMLCanvasElement | OffscreenCanvas {
  if (typeof OffscreenCanvas !== 'undefined') return new OffscreenCanvas(width, height);
  if (typeof document !== 'undefined') return document.createElement('canvas');
  throw new Error('Photo3DRenderer needs WebGL (a browser, or headless Chromium); in Node use buildLayers/exportGlb instead.');
}

/** Draws a 3D photo with three.js at any output size, from any camera pose. */
export class Photo3DRenderer {
  readonly canvas: HTMLCanvasElement | OffscreenCanvas;
  private readonly gl: WebGLRenderer;
  private readonly scene = new Scene();
  private readonly camera = new PerspectiveCamera();
  private object: Photo3DObject | undefined;
  private layers: Photo3DLayers | undefined;
  private backgroundMode: BackgroundMode = 'layer';
  private wire = false;
  private quad: FrameQuad | undefined;
  path: PathSettings = { path: 'circle' };
  /** Zoom in just enough that sideways paths never show past the photo's borders. Default true. */
  overscan = true;

  constructor(options: RendererOptions) {
    this.canvas = options.canvas ?? newCanvas(options.width, options.height);
    this.gl = new WebGLRenderer({
      canvas: this.canvas,
      antialias: options.antialias ?? true,
      alpha: true,
      // Exporters read the canvas after rendering (VideoFrame, readPixels); keep what was drawn.
      preserveDrawingBuffer: true,
    });
    this.setSize(options.width, options.height);
  }

  get width(): number { return this.canvas.width; }
  get height(): number { return this.canvas.height; }

  /** The GL driver's name: the unmasked one (WEBGL_debug_renderer_info) where the browser tells it. */
  get driver(): string {
    const gl = this.gl.getContext();
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    return String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
  }

  setSize(width: number, height: number): void {
    if (!(Number.isInteger(width) && Number.isInteger(height) && width > 0 && height > 0)) {
      throw new Error(`Output size must be positive whole pixels, got ${width}×${height}.`);
    }
    this.gl.setPixelRatio(1);
    this.gl.setSize(width, height, false);
  }

  /** Shows a new photo (the previous one's GPU resources are freed). */
  setLayers(layers: Photo3DLayers): void {
    this.object?.dispose();
    if (this.object) this.scene.remove(this.object.mesh);
    this.layers = layers;
    this.object = createPhoto3DObject(layers);
    this.scene.add(this.object.mesh);
    this.applyLook();
  }

  setWireframe(on: boolean): void {
    this.wire = on;
    this.applyLook();
  }

  setBackground(mode: BackgroundMode): void {
    this.backgroundMode = mode;
    this.applyLook();
  }

  private applyLook(): void {
    const showLayer = this.backgroundMode === 'layer';
    this.scene.background = showLayer || this.backgroundMode === 'transparent' ? null : new Color(this.backgroundMode);
    this.gl.setClearColor(0x000000, this.backgroundMode === 'transparent' ? 0 : 1);
    if (!this.object) return;
    this.object.backgroundMaterial.visible = showLayer;
    for (const m of [this.object.backgroundMaterial, this.object.foregroundMaterial]) m.wireframe = this.wire;
  }

  /** The pose of the current path at loop phase t. */
  poseAt(t: number): CameraPose {
    return pathPose(this.requireLayers(), this.path, t);
  }

  /** Draws the current path at loop phase t (0…1 = one loop). */
  render(t: number): void {
    this.renderPose(this.poseAt(t));
  }

  renderPose(pose: CameraPose): void {
    const view = viewFrustum(this.requireLayers(), pose, this.path, this.overscan, this.width, this.height);
    this.camera.fov = view.fovDegrees;
    this.camera.aspect = view.aspect;
    this.camera.near = view.near;
    this.camera.far = view.far;
    this.camera.position.set(...view.position);
    this.camera.up.set(0, 1, 0);
    this.camera.lookAt(...view.target);
    this.camera.updateProjectionMatrix();
    this.gl.render(this.scene, this.camera);
  }

  /** Shows a frame drawn elsewhere (RGBA, top row first; e.g. by SoftRenderer) over the whole canvas. */
  showFrame(pixels: Uint8Array, width: number, height: number): void {
    (this.quad ??= new FrameQuad()).draw(this.gl, pixels, width, height);
  }

  /** The last rendered frame as RGBA, top row first. */
  readPixels(): Uint8Array {
    const gl = this.gl.getContext();
    const { width, height } = this;
    const pixels = new Uint8Array(width * height * 4);
    gl.readPixels(0, 0, width, height, gl.RGBA, gl.UNSIGNED_BYTE, pixels);
    const row = width * 4;
    const tmp = new Uint8Array(row);
    for (let y = 0; y < height >> 1; y++) {
      const a = y * row;
      const b = (height - 1 - y) * row;
      tmp.set(pixels.subarray(a, a + row));
      pixels.copyWithin(a, b, b + row);
      pixels.set(tmp, b);
    }
    return pixels;
  }

  dispose(): void {
    this.object?.dispose();
    this.quad?.dispose();
    this.gl.dispose();
  }

  private requireLayers(): Photo3DLayers {
    if (!this.layers) throw new Error('No photo to render: call setLayers(await buildLayers(input)) first.');
    return this.layers;
  }
}
