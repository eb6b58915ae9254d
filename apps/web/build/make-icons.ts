// Renders public/icons/icon.svg to the PNG sizes the web manifest lists (Chromium wants 192 and 512 to offer
// "Install"). Run after changing the SVG: `npx tsx apps/web/build/make-icons.ts`; the PNGs are committed.
import sharp from 'sharp';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('../public/icons/', import.meta.url));
for (const size of [192, 512]) {
  await sharp(`${dir}icon.svg`, { density: (72 * size) / 512 }).resize(size, size).png({ compressionLevel: 9, palette: true }).toFile(`${dir}icon-${size}.png`);
}
