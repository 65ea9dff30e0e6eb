import { bytesToBase64 } from './base64';

/**
 * A minimal 1-bit grayscale PNG encoder (stored, uncompressed deflate). The QR code and the
 * barcode are drawn as PNG data URLs because an <Image> with a data URL renders the same in the
 * weapp and in the browser, with no canvas and no DOM.
 */
export interface BitMatrix {
  width: number;
  height: number;
  /** true = dark module */
  isDark(x: number, y: number): boolean;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function adler32(bytes: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (const byte of bytes) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}

function u32(value: number): number[] {
  return [(value >>> 24) & 0xff, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff];
}

function chunk(type: string, data: Uint8Array): number[] {
  const typed = new Uint8Array(4 + data.length);
  for (let i = 0; i < 4; i++) typed[i] = type.charCodeAt(i);
  typed.set(data, 4);
  return [...u32(data.length), ...typed, ...u32(crc32(typed))];
}

/** zlib stream made of stored deflate blocks (≤ 65535 bytes each). */
function zlibStored(raw: Uint8Array): Uint8Array {
  const out: number[] = [0x78, 0x01];
  for (let offset = 0; offset < raw.length || offset === 0; offset += 65535) {
    const block = raw.subarray(offset, Math.min(raw.length, offset + 65535));
    const final = offset + 65535 >= raw.length ? 1 : 0;
    out.push(final, block.length & 0xff, block.length >> 8, ~block.length & 0xff, (~block.length >> 8) & 0xff);
    for (const byte of block) out.push(byte);
    if (final) break;
  }
  out.push(...u32(adler32(raw)));
  return Uint8Array.from(out);
}

/** Renders the matrix scaled by `scaleX` × `scaleY` pixels per module, dark on white. */
export function matrixToPngDataUrl(matrix: BitMatrix, scaleX: number, scaleY = scaleX): string {
  const width = matrix.width * scaleX;
  const height = matrix.height * scaleY;
  const rowBytes = Math.ceil(width / 8);
  const raw = new Uint8Array((rowBytes + 1) * height);
  for (let y = 0; y < height; y++) {
    const rowStart = y * (rowBytes + 1);
    raw[rowStart] = 0; // filter: none
    for (let x = 0; x < width; x++) {
      // In 1-bit grayscale a set bit is white.
      if (!matrix.isDark(Math.floor(x / scaleX), Math.floor(y / scaleY))) {
        raw[rowStart + 1 + (x >> 3)] |= 0x80 >> (x & 7);
      }
    }
  }
  const header = Uint8Array.from([...u32(width), ...u32(height), 1, 0, 0, 0, 0]);
  const png = [
    0x89,
    0x50,
    0x4e,
    0x47,
    0x0d,
    0x0a,
    0x1a,
    0x0a,
    ...chunk('IHDR', header),
    ...chunk('IDAT', zlibStored(raw)),
    ...chunk('IEND', new Uint8Array(0)),
  ];
  return `data:image/png;base64,${bytesToBase64(Uint8Array.from(png))}`;
}
