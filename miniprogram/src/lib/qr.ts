// The core encoder is pure JS; the package's main entry would pull in canvas/PNG renderers that
// need a DOM or node streams, which the weapp has neither of.
import { create } from 'qrcode/lib/core/qrcode';
import type { BitMatrix } from './png';

const QUIET_MODULES = 4;

/** The QR code of `text` (error correction M) as a matrix with its quiet zone. */
export function qrMatrix(text: string): BitMatrix {
  const { modules } = create(text, { errorCorrectionLevel: 'M' });
  const width = modules.size + QUIET_MODULES * 2;
  return {
    width,
    height: width,
    isDark(x, y) {
      const col = x - QUIET_MODULES;
      const row = y - QUIET_MODULES;
      if (col < 0 || row < 0 || col >= modules.size || row >= modules.size) return false;
      return Boolean(modules.get(row, col));
    },
  };
}
