/**
 * The referral code a member arrived with: `r` in a share card's path, or `r=CODE` inside the
 * URL-encoded `scene` of a mini-program code (WECHAT.md "Mini-program codes", "Share cards").
 */
export function referralFromQuery(query: Record<string, string | undefined> | undefined): string | undefined {
  if (!query) return undefined;
  if (query.r) return query.r;
  if (!query.scene) return undefined;
  const scene = decodeURIComponent(query.scene);
  for (const pair of scene.split('&')) {
    const [key, value] = pair.split('=');
    if (key === 'r' && value) return value;
  }
  return undefined;
}
