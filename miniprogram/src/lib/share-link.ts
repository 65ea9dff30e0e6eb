/**
 * The share path as a browser link (H5 demo): this page's address with the share path as its
 * hash route, keeping the `api`/`wx` settings but not the demo user, so whoever opens it signs in
 * as themself. Null outside a browser: WeChat shares the path itself.
 */
export function shareLink(sharePath: string): string | null {
  if (process.env.TARO_ENV !== 'h5' || typeof window === 'undefined') return null;
  const search = new URLSearchParams(window.location.search);
  search.delete('openid');
  const query = search.toString();
  return `${window.location.origin}${window.location.pathname}${query ? `?${query}` : ''}#${sharePath}`;
}
