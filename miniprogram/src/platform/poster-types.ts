/** What the invite poster shows around the mini-program code. */
export interface PosterContent {
  /** JPEG/PNG bytes of the mini-program code from GET /api/me/referral/poster. */
  code: ArrayBuffer;
  brand: string;
  line: string;
  referralCode: string;
}

export interface PosterPlatform {
  /** Draws the poster; returns an image source the page can show. */
  compose(content: PosterContent): Promise<string>;
  /** Keeps it: the photo album on WeChat (asks for permission), a download in a browser. */
  save(src: string): Promise<void>;
}

export const POSTER_WIDTH = 600;
export const POSTER_HEIGHT = 860;

/** The layout both platforms draw, on any 2D context (WeChat's canvas or a browser's). */
export function drawPoster(
  ctx: {
    fillStyle: unknown;
    font: string;
    textAlign: string;
    fillRect(x: number, y: number, w: number, h: number): void;
    fillText(text: string, x: number, y: number): void;
    drawImage(image: unknown, x: number, y: number, w: number, h: number): void;
  },
  code: unknown,
  content: PosterContent,
): void {
  ctx.fillStyle = '#1f2a44';
  ctx.fillRect(0, 0, POSTER_WIDTH, POSTER_HEIGHT);
  ctx.fillStyle = '#f3d9a4';
  ctx.textAlign = 'center';
  ctx.font = 'bold 44px sans-serif';
  ctx.fillText(content.brand, POSTER_WIDTH / 2, 96);
  ctx.fillStyle = '#ffffff';
  ctx.font = '30px sans-serif';
  ctx.fillText(content.line, POSTER_WIDTH / 2, 156);
  ctx.fillRect(110, 210, 380, 380);
  ctx.drawImage(code, 120, 220, 360, 360);
  ctx.font = '26px sans-serif';
  ctx.fillText('长按识别小程序码，成为会员', POSTER_WIDTH / 2, 660);
  ctx.fillStyle = '#f3d9a4';
  ctx.font = 'bold 34px monospace';
  ctx.fillText(`邀请码 ${content.referralCode}`, POSTER_WIDTH / 2, 740);
}
