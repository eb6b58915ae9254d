// Everything parsed from the shared MakeHuman assets, once per process. Macro and expression targets are large
// (100 MB of text) and only a few are used per person, so they are parsed on first use and kept.
import { readdirSync, existsSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { AssetError, readAssetJson } from '../assets/files.ts';
import { parseObj, type ObjMesh } from '../assets/obj.ts';
import { parseTarget, type Target } from '../assets/target.ts';
import { parseMhclo, type Mhclo } from '../assets/mhclo.ts';
import { parseMhmat, type Mhmat } from '../assets/mhmat.ts';
import { parseRig, proxySkin, type Rig, type SkinWeights } from '../assets/rig.ts';
import { faceGeometry, type FaceGeometry } from './face.ts';

export type ProxyKind = 'hair' | 'eyebrows' | 'eyelashes' | 'teeth' | 'clothes' | 'shoes' | 'hats' | 'beards' | 'glasses';

export interface ProxyAsset {
  id: string;
  kind: ProxyKind;
  clo: Mhclo;
  obj: ObjMesh;
  mat: Mhmat;
  skin: SkinWeights;
}

/** One slider of modeling_modifiers.json: a one-sided target (0..1) or a decr/incr style pair (-1..1). */
export interface DetailModifier {
  name: string;
  group: string;
  min: Target | null;
  max: Target;
}

/** Face and head groups the identity sampler varies (besides the macro sliders). */
export const DETAIL_GROUPS = ['head', 'forehead', 'eyebrows', 'neck', 'eyes', 'nose', 'mouth', 'ears', 'chin', 'cheek', 'torso'];

/** Folders of base/clothes by what they are: shoes and hats are worn with an outfit; everything else is one. */
const SHOES = /^shoes/;
const HATS = /fedora|hat/;
const OUTFIT = (name: string): boolean => !SHOES.test(name) && !HATS.test(name);

export class Library {
  readonly makehuman: string;
  readonly base: ObjMesh;
  readonly rig: Rig;
  readonly baseSkin: SkinWeights;
  /** Per base triangle: 1 = body skin, 2 = eyeball helper, 0 = other helper/joint geometry (never drawn). */
  readonly triKind: Uint8Array;
  readonly modifiers: DetailModifier[];
  readonly proxies: Map<ProxyKind, ProxyAsset[]>;
  readonly skins: string[];
  readonly eyeTextures: string[];
  readonly hdrs: string[];
  readonly expressionUnits: string[];
  private readonly targetCache = new Map<string, Target>();
  private faceCache: FaceGeometry | null = null;

  constructor(readonly root: string) {
    this.makehuman = resolve(root, 'makehuman');
    const data = resolve(this.makehuman, 'data');
    this.base = parseObj(resolve(data, '3dobjs/base.obj'));
    const nv = this.base.positions.length / 3;
    const { rig, skin } = parseRig(resolve(data, 'rigs/default.mhskel'), resolve(data, 'rigs/default_weights.mhw'), nv);
    this.rig = rig;
    this.baseSkin = skin;
    this.triKind = new Uint8Array(this.base.triGroup.length);
    const groupKind = this.base.groups.map((g) => (g === 'body' ? 1 : /^helper-[lr]-eye$/.test(g) ? 2 : 0));
    this.base.triGroup.forEach((g, t) => (this.triKind[t] = groupKind[g]));
    if (!this.triKind.includes(1)) throw new AssetError(this.base.file, 'no "body" group');
    this.modifiers = this.loadModifiers(resolve(data, 'modifiers/modeling_modifiers.json'));
    this.proxies = new Map();
    const b = resolve(this.makehuman, 'base');
    this.proxies.set('hair', this.loadProxies('hair', resolve(b, 'hair')));
    this.proxies.set('eyebrows', this.loadProxies('eyebrows', resolve(b, 'eyebrows')));
    this.proxies.set('eyelashes', this.loadProxies('eyelashes', resolve(b, 'eyelashes')));
    this.proxies.set('teeth', [this.loadProxy('teeth', resolve(b, 'teeth/teeth_base/teeth_base.mhclo'))]);
    this.proxies.set('clothes', this.loadProxies('clothes', resolve(b, 'clothes'), OUTFIT));
    this.proxies.set('shoes', this.loadProxies('shoes', resolve(b, 'clothes'), (n) => SHOES.test(n)));
    this.proxies.set('hats', this.loadProxies('hats', resolve(b, 'clothes'), (n) => HATS.test(n)));
    this.proxies.set('beards', this.loadProxies('beards', resolve(b, 'beards')));
    this.proxies.set('glasses', this.loadProxies('glasses', resolve(b, 'glasses')));
    // young_caucasian_female_special_suit is body paint (a suit drawn on the skin), not a skin.
    this.skins = listFiles(resolve(b, 'skins/textures'), '.png').filter((f) => !basename(f).includes('special_suit'));
    this.eyeTextures = listFiles(resolve(b, 'eyes/materials'), '_eye.png');
    this.hdrs = listFiles(resolve(root, 'hdri'), '.hdr');
    this.expressionUnits = listFiles(resolve(data, 'targets/expression/units/caucasian'), '.target').map((f) => basename(f, '.target'));
    if (this.skins.length === 0) throw new AssetError(resolve(b, 'skins/textures'), 'no skin textures');
    if (this.hdrs.length === 0) throw new AssetError(resolve(root, 'hdri'), 'no .hdr maps');
  }

  /** Landmark vertices and the face region (computed once). */
  face(): FaceGeometry {
    this.faceCache ??= faceGeometry(this);
    return this.faceCache;
  }

  get vertexCount(): number {
    return this.base.positions.length / 3;
  }

  proxyList(kind: ProxyKind): ProxyAsset[] {
    return this.proxies.get(kind)!;
  }

  /** A target by path relative to data/targets, parsed once. */
  target(rel: string): Target {
    let t = this.targetCache.get(rel);
    if (!t) {
      t = parseTarget(resolve(this.makehuman, 'data/targets', rel), this.vertexCount);
      this.targetCache.set(rel, t);
    }
    return t;
  }

  private loadModifiers(file: string): DetailModifier[] {
    const json = readAssetJson(file);
    if (!Array.isArray(json)) throw new AssetError(file, 'expected a list of modifier groups');
    const out: DetailModifier[] = [];
    for (const g of json as { group: string; modifiers: { target?: string; min?: string; max?: string }[] }[]) {
      if (!DETAIL_GROUPS.includes(g.group)) continue;
      for (const m of g.modifiers) {
        if (!m.target) continue;
        const rel = (suffix: string | undefined): string => `${g.group}/${m.target}${suffix ? `-${suffix}` : ''}.target`;
        out.push({
          name: m.min ? `${g.group}/${m.target}-${m.min}|${m.max}` : `${g.group}/${m.target}`,
          group: g.group,
          min: m.min ? this.target(rel(m.min)) : null,
          max: this.target(rel(m.max)),
        });
      }
    }
    if (out.length === 0) throw new AssetError(file, 'no head/face modifiers found');
    return out;
  }

  /**
   * Every `.mhclo` in each asset folder (`only` filters folder names): some are named unlike their folder
   * (`fedora01/fedora.mhclo`) and some folders hold variants (`fedora_cocked.mhclo`). Ids are `<kind>/<mhclo name>`.
   */
  private loadProxies(kind: ProxyKind, dir: string, only?: (folder: string) => boolean): ProxyAsset[] {
    if (!existsSync(dir)) throw new AssetError(dir, 'folder missing');
    const out: ProxyAsset[] = [];
    for (const name of readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort()) {
      if (only && !only(name)) continue;
      for (const file of readdirSync(resolve(dir, name)).filter((f) => f.endsWith('.mhclo')).sort()) {
        out.push(this.loadProxy(kind, resolve(dir, name, file)));
      }
    }
    if (out.length === 0) throw new AssetError(dir, `no ${kind} proxies (.mhclo)`);
    return out;
  }

  private loadProxy(kind: ProxyKind, file: string): ProxyAsset {
    const clo = parseMhclo(file, this.vertexCount);
    const obj = parseObj(clo.objFile);
    if (obj.positions.length / 3 !== clo.refs.length / 3) {
      throw new AssetError(file, `fits ${clo.refs.length / 3} vertices but ${clo.objFile} has ${obj.positions.length / 3}`);
    }
    if (!clo.materialFile) throw new AssetError(file, 'no material line');
    const mat = parseMhmat(clo.materialFile);
    const root = this.rig.bones.findIndex((bn) => bn.name === 'root');
    return { id: `${kind}/${basename(file, '.mhclo')}`, kind, clo, obj, mat, skin: proxySkin(this.baseSkin, clo.refs, clo.weights, Math.max(0, root)) };
  }
}

function listFiles(dir: string, suffix: string): string[] {
  if (!existsSync(dir)) throw new AssetError(dir, 'folder missing');
  return readdirSync(dir).filter((f) => f.endsWith(suffix)).sort().map((f) => resolve(dir, f));
}
