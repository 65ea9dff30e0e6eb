import { drawPoster, POSTER_HEIGHT, POSTER_WIDTH, type PosterPlatform } from './poster-types';

function loadImage(src: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const image = new Image();
    image.onload = () => resolve(image);
    image.onerror = () => reject(new Error('poster code image failed to load'));
    image.src = src;
  });
}

/** Browser: a canvas composes the poster as a PNG data URL; saving downloads it. */
export const h5Poster: PosterPlatform = {
  async compose(content) {
    const url = URL.createObjectURL(new Blob([content.code], { type: 'image/jpeg' }));
    try {
      const image = await loadImage(url);
      const canvas = document.createElement('canvas');
      canvas.width = POSTER_WIDTH;
      canvas.height = POSTER_HEIGHT;
      const ctx = canvas.getContext('2d');
      if (!ctx) throw new Error('no 2d canvas');
      drawPoster(ctx as unknown as Parameters<typeof drawPoster>[0], image, content);
      return canvas.toDataURL('image/png');
    } finally {
      URL.revokeObjectURL(url);
    }
  },
  async save(src) {
    const link = document.createElement('a');
    link.href = src;
    link.download = '通卡邀请海报.png';
    document.body.appendChild(link);
    link.click();
    link.remove();
  },
};
