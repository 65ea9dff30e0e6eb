import type { BitMatrix } from './png';

/**
 * Code 128 encoder. All-digit text of even length uses code set C (two digits per symbol, which
 * keeps the 18-digit member code short enough for phone cameras and POS scanners); anything else
 * uses code set B.
 */
const PATTERNS = [
  '212222',
  '222122',
  '222221',
  '121223',
  '121322',
  '131222',
  '122213',
  '122312',
  '132212',
  '221213',
  '221312',
  '231212',
  '112232',
  '122132',
  '122231',
  '113222',
  '123122',
  '123221',
  '223211',
  '221132',
  '221231',
  '213212',
  '223112',
  '312131',
  '311222',
  '321122',
  '321221',
  '312212',
  '322112',
  '322211',
  '212123',
  '212321',
  '232121',
  '111323',
  '131123',
  '131321',
  '112313',
  '132113',
  '132311',
  '211313',
  '231113',
  '231311',
  '112133',
  '112331',
  '132131',
  '113123',
  '113321',
  '133121',
  '313121',
  '211331',
  '231131',
  '213113',
  '213311',
  '213131',
  '311123',
  '311321',
  '331121',
  '312113',
  '312311',
  '332111',
  '314111',
  '221411',
  '431111',
  '111224',
  '111422',
  '121124',
  '121421',
  '141122',
  '141221',
  '112214',
  '112412',
  '122114',
  '122411',
  '142112',
  '142211',
  '241211',
  '221114',
  '413111',
  '241112',
  '134111',
  '111242',
  '121142',
  '121241',
  '114212',
  '124112',
  '124211',
  '411212',
  '421112',
  '421211',
  '212141',
  '214121',
  '412121',
  '111143',
  '111341',
  '131141',
  '114113',
  '114311',
  '411113',
  '411311',
  '113141',
  '114131',
  '311141',
  '411131',
  '211412',
  '211214',
  '211232',
  '2331112',
];
const START_B = 104;
const START_C = 105;
const STOP = 106;
const QUIET_MODULES = 10;

/** Symbol values including start and checksum, without the stop symbol. */
export function code128Values(text: string): number[] {
  const values: number[] = [];
  if (/^(\d\d)+$/.test(text)) {
    values.push(START_C);
    for (let i = 0; i < text.length; i += 2) values.push(Number(text.slice(i, i + 2)));
  } else {
    values.push(START_B);
    for (const char of text) {
      const code = char.charCodeAt(0);
      if (code < 32 || code > 127) throw new Error(`Code 128 B cannot encode ${JSON.stringify(char)}`);
      values.push(code - 32);
    }
  }
  let checksum = values[0];
  for (let i = 1; i < values.length; i++) checksum += values[i] * i;
  values.push(checksum % 103);
  return values;
}

/** Module widths, alternating bar and space, starting with a bar (quiet zones not included). */
export function code128Widths(text: string): number[] {
  const widths: number[] = [];
  for (const value of [...code128Values(text), STOP]) {
    for (const digit of PATTERNS[value]) widths.push(Number(digit));
  }
  return widths;
}

/** A one-row matrix of the barcode with quiet zones, for the PNG encoder. */
export function code128Matrix(text: string): BitMatrix {
  const dark: boolean[] = new Array(QUIET_MODULES).fill(false);
  code128Widths(text).forEach((width, index) => {
    for (let i = 0; i < width; i++) dark.push(index % 2 === 0);
  });
  for (let i = 0; i < QUIET_MODULES; i++) dark.push(false);
  return { width: dark.length, height: 1, isDark: (x) => dark[x] };
}
