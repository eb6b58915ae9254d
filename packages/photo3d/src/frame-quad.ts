import {
  DataTexture, Mesh, NearestFilter, NoBlending, OrthographicCamera, PlaneGeometry, RGBAFormat, Scene, ShaderMaterial,
  UnsignedByteType, type WebGLRenderer,
} from 'three';

const VERTEX = `
varying vec2 vUv;
void main() {
  // Rows arrive top row first: the first texture row belongs at the top of the canvas.
  vUv = vec2(position.x * 0.5 + 0.5, 0.5 - position.y * 0.5);
  gl_Position = vec4(position.xy, 0.0, 1.0);
}`;

// The frame is already in the canvas's colour space and premultiplied like it: copied through unchanged.
const FRAGMENT = `
uniform sampler2D frame;
varying vec2 vUv;
void main() {
  gl_FragColor = texture2D(frame, vUv);
}`;

/** Shows finished RGBA frames (e.g. the software renderer's) on a WebGL canvas, as one textured full-canvas quad. */
export class FrameQuad {
  private readonly scene = new Scene();
  private readonly camera = new OrthographicCamera(-1, 1, 1, -1, 0, 1);
  private readonly material = new ShaderMaterial({
    uniforms: { frame: { value: null } },
    vertexShader: VERTEX,
    fragmentShader: FRAGMENT,
    blending: NoBlending,
    depthTest: false,
    depthWrite: false,
  });
  private readonly geometry = new PlaneGeometry(2, 2);
  private texture: DataTexture | undefined;

  constructor() {
    this.scene.add(new Mesh(this.geometry, this.material));
  }

  /** Draws `pixels` (width × height RGBA, top row first) over the whole canvas, stretched if the sizes differ. */
  draw(gl: WebGLRenderer, pixels: Uint8Array, width: number, height: number): void {
    if (!this.texture || this.texture.image.width !== width || this.texture.image.height !== height) {
      this.texture?.dispose();
      this.texture = new DataTexture(pixels, width, height, RGBAFormat, UnsignedByteType);
      this.texture.magFilter = this.texture.minFilter = NearestFilter;
      this.material.uniforms.frame.value = this.texture;
    }
    this.texture.image.data = pixels;
    this.texture.needsUpdate = true;
    gl.render(this.scene, this.camera);
  }

  dispose(): void {
    this.texture?.dispose();
    this.material.dispose();
    this.geometry.dispose();
  }
}
