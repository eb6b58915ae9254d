// Textures and HDR environments for the CPU render threads, prepared once on the main thread in shared memory
// (every thread needs all of them; preparing them per thread doubled the start-up work).
import { resolve } from 'node:path';
import { loadEnvironment, type Environment } from './environment.ts';
import { loadTexture, type Texture } from './texture.ts';

export class SharedAssets {
  private readonly textures = new Map<string, Promise<Texture>>();
  private readonly envs = new Map<string, Environment>();
  private readonly textureSize: number;

  /** `root`: the shared assets folder; textures are named by /assets/<path inside it>, HDR maps by file name. */
  constructor(private readonly root: string, width: number, height: number) {
    // Texels no finer than twice the output's pixels: a face never spans more than the image.
    let size = 1;
    while (size < 2 * Math.max(width, height)) size *= 2;
    this.textureSize = Math.min(size, 2048);
  }

  texture(url: string, srgb: boolean): Promise<Texture> {
    let t = this.textures.get(url);
    if (!t) {
      if (!url.startsWith('/assets/')) throw new Error(`Unexpected asset URL ${url}`);
      t = loadTexture(resolve(this.root, url.slice('/assets/'.length)), this.textureSize, srgb);
      this.textures.set(url, t);
    }
    return t;
  }

  environment(name: string): Environment {
    let e = this.envs.get(name);
    if (!e) {
      e = loadEnvironment(resolve(this.root, 'hdri', name));
      this.envs.set(name, e);
    }
    return e;
  }
}
