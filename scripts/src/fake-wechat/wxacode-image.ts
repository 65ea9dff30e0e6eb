import { encode as encodeJpeg } from 'jpeg-js';
import { create as createQr } from 'qrcode';

/**
 * Stands in for a mini-program code: a JPEG of a plain QR code whose text is the scene, so a
 * test (or a phone) can read back what the BFF asked for. The real one is a round "wxacode".
 */
export function renderQrJpeg(text: string, widthPx: number): Buffer {
  const { size, data } = createQr(text, { errorCorrectionLevel: 'M' }).modules;
  const quietModules = 4;
  const totalModules = size + quietModules * 2;
  const scale = Math.max(1, Math.floor(widthPx / totalModules));
  const sidePx = totalModules * scale;
  const pixels = Buffer.alloc(sidePx * sidePx * 4, 0xff);
  for (let row = 0; row < size; row++) {
    for (let col = 0; col < size; col++) {
      if (!data[row * size + col]) continue;
      paintModule(pixels, sidePx, (row + quietModules) * scale, (col + quietModules) * scale, scale);
    }
  }
  return encodeJpeg({ data: pixels, width: sidePx, height: sidePx }, 90).data;
}

function paintModule(pixels: Buffer, sidePx: number, top: number, left: number, scale: number): void {
  for (let y = top; y < top + scale; y++) {
    for (let x = left; x < left + scale; x++) {
      const offset = (y * sidePx + x) * 4;
      pixels[offset] = 0;
      pixels[offset + 1] = 0;
      pixels[offset + 2] = 0;
    }
  }
}
