// Android Dynamic Depth 1.0 (depth map appended after the JPEG, listed in Device:Container) and its predecessor
// Intel XDM 1.0 (depth map base64 inside the XMP). Both describe depth per camera with Format/Near/Far.
import { fromBase64 } from './bytes.js';
import { checkNearFar, decodeRange, rangeFormat } from './depth-codec.js';
import { fail } from './errors.js';
import { decodeRaster, decodeRgba, rasterToUnit } from './raster.js';
import { optionalNumber, xmpNumber, type XmpTree } from './xmp.js';
import type { DepthPhoto, DepthPhotoIntrinsics, RgbaImage } from './types.js';

const list = (x: unknown): XmpTree[] => (Array.isArray(x) ? x : x && typeof x === 'object' ? [x as XmpTree] : []);

export function hasDynamicDepth(xmp: XmpTree): boolean {
  return list(xmp.Device?.Container?.Directory).length > 0;
}

/** XDM in element form nests cameras under Device:Cameras; in attribute form exifr flattens camera 0 to `Depthmap`. */
export function hasXdm(xmp: XmpTree): boolean {
  return xmp.Depthmap !== undefined || list(xmp.Device?.Cameras).some((c) => c.DepthMap?.Data !== undefined);
}

export function readDynamicDepth(bytes: Uint8Array, primaryEnd: number, xmp: XmpTree, what: string): DepthPhoto {
  const items = list(xmp.Device.Container.Directory).map((entry) => entry.Item ?? entry);
  const cameras = list(xmp.Device.Cameras).map((c) => c.Camera ?? c);
  const camera = cameras.find((c) => c.DepthMap) ?? fail(`${what} has a Dynamic Depth container but no Camera:DepthMap description.`);
  // Items follow the primary JPEG in directory order, each Length bytes plus Padding.
  let at = primaryEnd;
  const located = items.map((item, i) => {
    if (i === 0) return { item, bytes: undefined };
    const length = xmpNumber(item.Length, `Container item ${i} Length`, what);
    const padding = optionalNumber(item.Padding) ?? 0;
    if (length < 0 || at + length > bytes.length) {
      fail(`${what}: Dynamic Depth item ${i} (${item.Semantic ?? item.DataURI ?? '?'}) claims ${length} bytes at offset ${at}, past the end of the ${bytes.length}-byte file; the file is truncated.`);
    }
    const found = { item, bytes: bytes.subarray(at, at + length) };
    at += length + padding;
    return found;
  });
  // Pixel phones name items by DataURI (DepthMap:DepthURI, Image:ItemURI); Relief and the spec's examples also by
  // Semantic.
  const byUri = (uri: unknown) => (typeof uri === 'string' ? located.find((l) => l.bytes && l.item.DataURI === uri) : undefined);
  const depth = byUri(camera.DepthMap.DepthURI) ?? located.find((l) => l.bytes && l.item.Semantic === 'Depth');
  if (!depth?.bytes) fail(`${what} has Dynamic Depth metadata but no depth item (DepthURI ${JSON.stringify(camera.DepthMap.DepthURI)}); the depth map is missing.`, 'no-depth');
  // GCam stores the unblurred original as its own item (Camera:Image); the primary is then the portrait-blurred one.
  const original = byUri(camera.Image?.ItemURI);
  const image = decodeRgba(original?.bytes ?? bytes.subarray(0, primaryEnd), `${what} (${original ? 'original image item' : 'primary image'})`);
  return depthPhoto(image, depth.bytes, camera.DepthMap, camera.ImagingModel, 'dynamic-depth', what);
}

export function readXdm(bytes: Uint8Array, primaryEnd: number, xmp: XmpTree, what: string): DepthPhoto {
  const cameras = list(xmp.Device?.Cameras);
  // Camera 0 is the colour camera whose depth is registered to the image; later cameras hold raw sensor depth.
  const camera = cameras.find((c) => c.DepthMap?.Data) ?? { DepthMap: xmp.Depthmap, ImagingModel: xmp.PerspectiveModel, Image: xmp.Image };
  const dm = camera.DepthMap;
  if (typeof dm?.Data !== 'string') fail(`${what} has XDM metadata but no depth map data; its extended XMP is missing or damaged.`);
  const embedded = typeof camera.Image?.Data === 'string' ? fromBase64(camera.Image.Data) : undefined;
  const image = decodeRgba(embedded ?? bytes.subarray(0, primaryEnd), `${what} (${embedded ? 'XDM camera image' : 'primary image'})`);
  return depthPhoto(image, fromBase64(dm.Data), { ...dm, Units: dm.Metric === true ? 'Meters' : 'None' }, camera.ImagingModel, 'xdm', what);
}

function depthPhoto(image: RgbaImage, png: Uint8Array, dm: XmpTree, model: XmpTree | undefined, source: 'dynamic-depth' | 'xdm', what: string): DepthPhoto {
  const format = rangeFormat(dm.Format, what);
  const near = xmpNumber(dm.Near, 'DepthMap:Near', what);
  const far = xmpNumber(dm.Far, 'DepthMap:Far', what);
  checkNearFar(near, far, format, what);
  const unit = rasterToUnit(decodeRaster(png, `${what} (depth map)`));
  return {
    image,
    depth: { data: decodeRange(unit.data, format, near, far), width: unit.width, height: unit.height },
    kind: 'depth',
    units: dm.Units === 'Meters' ? 'metres' : 'relative',
    near,
    far,
    intrinsics: intrinsics(model, image, source),
    source,
  };
}

/** Dynamic Depth gives pixels of ImageWidth×ImageHeight; XDM gives focal length and principal point as fractions. */
function intrinsics(model: XmpTree | undefined, image: RgbaImage, source: 'dynamic-depth' | 'xdm'): DepthPhotoIntrinsics | undefined {
  if (!model) return undefined;
  const [fx, fy, cx, cy] = [model.FocalLengthX, model.FocalLengthY, model.PrincipalPointX, model.PrincipalPointY].map(optionalNumber);
  if (fx === undefined || fy === undefined || cx === undefined || cy === undefined) return undefined;
  if (source === 'xdm') {
    // XDM's fractions: both focal lengths of the image width (the R200 files give fx ≈ fy that way, as square
    // pixels must), each principal-point coordinate of its own axis.
    return { fx: fx * image.width, fy: fy * image.width, cx: cx * image.width, cy: cy * image.height };
  }
  const sx = image.width / (optionalNumber(model.ImageWidth) ?? image.width);
  const sy = image.height / (optionalNumber(model.ImageHeight) ?? image.height);
  return { fx: fx * sx, fy: fy * sy, cx: cx * sx, cy: cy * sy };
}
