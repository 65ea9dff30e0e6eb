/**
 * Reads a query parameter of the H5 page URL, from either the search part (`/?api=...#/pages/..`)
 * or the hash route (`/#/pages/..?api=...`). Returns undefined outside a browser.
 */
export function browserQueryParam(name: string): string | undefined {
  // The weapp runtime has a window-like object but no real URL or URLSearchParams.
  if (process.env.TARO_ENV !== 'h5' || typeof window === 'undefined') return undefined;
  const { search, hash } = window.location;
  const hashQuery = hash.includes('?') ? hash.slice(hash.indexOf('?')) : '';
  for (const part of [search, hashQuery]) {
    const value = new URLSearchParams(part).get(name);
    if (value) return value;
  }
  return undefined;
}
