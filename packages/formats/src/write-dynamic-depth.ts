// Dynamic Depth 1.0 JPEG (what Google Photos and Android read): the depth map as a 16-bit PNG appended after the
// primary JPEG, described by Device/Container/Camera XMP. The same map as 8-bit GDepth in the (extended) XMP keeps
// older readers (Lens Blur viewers, depthy) working.
import { concat, toBase64 } from './bytes.js';
import { encodeRange } from './depth-codec.js';
import { toDistances } from './distances.js';
import { extendedXmpGuid, replaceXmp, xmpSegments } from './jpeg-segments.js';
import { encodeGreyPng, encodeJpeg, isJpeg } from './raster.js';
import type { DepthPhoto } from './types.js';

export interface WriteJpegOptions {
  /** The primary image already encoded as JPEG (e.g. by a browser canvas); otherwise `photo.image` is encoded. */
  jpeg?: Uint8Array;
  /** JPEG quality 1…100 when encoding `photo.image` (default 92). */
  quality?: number;
}

const NS = {
  x: 'adobe:ns:meta/',
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  Device: 'http://ns.google.com/photos/dd/1.0/device/',
  Container: 'http://ns.google.com/photos/dd/1.0/container/',
  Item: 'http://ns.google.com/photos/dd/1.0/item/',
  Camera: 'http://ns.google.com/photos/dd/1.0/camera/',
  DepthMap: 'http://ns.google.com/photos/dd/1.0/depthmap/',
  Image: 'http://ns.google.com/photos/dd/1.0/image/',
  ImagingModel: 'http://ns.google.com/photos/dd/1.0/imagingmodel/',
  GDepth: 'http://ns.google.com/photos/1.0/depthmap/',
  xmpNote: 'http://ns.adobe.com/xmp/note/',
};

const num = (x: number) => String(Number(x.toPrecision(9)));

export function writeDynamicDepthJpeg(photo: DepthPhoto, options: WriteJpegOptions = {}): Uint8Array {
  const primary = options.jpeg ?? encodeJpeg(photo.image, options.quality);
  if (!isJpeg(primary)) throw new Error('writeDynamicDepthJpeg: options.jpeg is not a JPEG; pass JPEG bytes or leave it out.');
  const { depth, near, far, metric } = toDistances(photo);
  const unit = { ...depth, data: encodeRange(depth.data, 'RangeInverse', near, far) };
  const png16 = encodeGreyPng(unit, 16);
  const png8 = encodeGreyPng(unit, 8);
  const range = `Format="RangeInverse" Near="${num(near)}" Far="${num(far)}"`;
  const extended = packet(`<rdf:Description rdf:about="" xmlns:GDepth="${NS.GDepth}" GDepth:Data="${toBase64(png8)}"/>`);
  const f = photo.intrinsics;
  const { width, height } = photo.image;
  const imaging = f
    ? `<Camera:ImagingModel rdf:parseType="Resource"><ImagingModel:FocalLengthX>${num(f.fx)}</ImagingModel:FocalLengthX><ImagingModel:FocalLengthY>${num(f.fy)}</ImagingModel:FocalLengthY><ImagingModel:PrincipalPointX>${num(f.cx)}</ImagingModel:PrincipalPointX><ImagingModel:PrincipalPointY>${num(f.cy)}</ImagingModel:PrincipalPointY><ImagingModel:ImageWidth>${width}</ImagingModel:ImageWidth><ImagingModel:ImageHeight>${height}</ImagingModel:ImageHeight><ImagingModel:PixelAspectRatio>1</ImagingModel:PixelAspectRatio></Camera:ImagingModel>`
    : '';
  const ns = Object.entries(NS).filter(([k]) => k !== 'x' && k !== 'rdf').map(([k, v]) => `xmlns:${k}="${v}"`).join(' ');
  const standard = packet(
    `<rdf:Description rdf:about="" ${ns} GDepth:${range.replaceAll(' ', ' GDepth:')} GDepth:Mime="image/png"${metric ? ' GDepth:Units="m"' : ''} xmpNote:HasExtendedXMP="${extendedXmpGuid(extended)}">` +
      `<Device:Container><Container:Directory><rdf:Seq>` +
      `<rdf:li rdf:parseType="Resource"><Container:Item Item:Mime="image/jpeg" Item:Semantic="Primary" Item:Length="0" Item:Padding="0" Item:DataURI="primary_image"/></rdf:li>` +
      `<rdf:li rdf:parseType="Resource"><Container:Item Item:Mime="image/png" Item:Semantic="Depth" Item:Length="${png16.length}" Item:Padding="0" Item:DataURI="android/depthmap"/></rdf:li>` +
      `</rdf:Seq></Container:Directory></Device:Container>` +
      `<Device:Cameras><rdf:Seq><rdf:li rdf:parseType="Resource"><Device:Camera rdf:parseType="Resource">` +
      `<Camera:Trait>Physical</Camera:Trait>` +
      `<Camera:Image Image:ItemSemantic="Primary" Image:ItemURI="primary_image"/>` +
      `<Camera:DepthMap DepthMap:${range.replaceAll(' ', ' DepthMap:')} DepthMap:Units="${metric ? 'Meters' : 'None'}" DepthMap:MeasureType="OpticalAxis" DepthMap:ItemSemantic="Depth" DepthMap:DepthURI="android/depthmap" DepthMap:Software="Relief"/>` +
      imaging +
      `</Device:Camera></rdf:li></rdf:Seq></Device:Cameras>` +
      `</rdf:Description>`,
  );
  return concat([replaceXmp(primary, xmpSegments(standard, extended)), png16]);
}

function packet(description: string): string {
  return `<x:xmpmeta xmlns:x="${NS.x}"><rdf:RDF xmlns:rdf="${NS.rdf}">${description}</rdf:RDF></x:xmpmeta>`;
}
