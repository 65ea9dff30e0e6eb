import Taro from '@tarojs/taro';
import { drawPoster, POSTER_HEIGHT, POSTER_WIDTH, type PosterPlatform } from './poster-types';

interface WeappCanvas {
  getContext(type: '2d'): unknown;
  createImage(): { src: string; onload: () => void; onerror: (e: unknown) => void };
  toDataURL(type: string): string;
}

const userPath = (name: string) =>
  `${(globalThis as unknown as { wx?: { env?: { USER_DATA_PATH?: string } } }).wx?.env?.USER_DATA_PATH ?? ''}/${name}`;

function writeFile(filePath: string, data: string | ArrayBuffer, encoding?: 'base64'): Promise<void> {
  return new Promise((resolve, reject) => {
    Taro.getFileSystemManager().writeFile({
      filePath,
      data,
      ...(encoding ? { encoding } : {}),
      success: () => resolve(),
      fail: reject,
    });
  });
}

/**
 * WeChat: the code is written to a user file, drawn on an offscreen 2D canvas with the brand and
 * the invitation line, and the result kept as a PNG user file; saving puts it in the album.
 */
export const weappPoster: PosterPlatform = {
  async compose(content) {
    const codePath = userPath('invite-code.jpg');
    await writeFile(codePath, content.code);
    const canvas = (
      Taro as unknown as { createOffscreenCanvas(o: { type: '2d'; width: number; height: number }): WeappCanvas }
    ).createOffscreenCanvas({ type: '2d', width: POSTER_WIDTH, height: POSTER_HEIGHT });
    const image = canvas.createImage();
    await new Promise<void>((resolve, reject) => {
      image.onload = resolve;
      image.onerror = reject;
      image.src = codePath;
    });
    drawPoster(canvas.getContext('2d') as Parameters<typeof drawPoster>[0], image, content);
    const posterPath = userPath('invite-poster.png');
    await writeFile(posterPath, canvas.toDataURL('image/png').replace(/^data:image\/png;base64,/, ''), 'base64');
    return posterPath;
  },
  async save(src) {
    await Taro.saveImageToPhotosAlbum({ filePath: src });
  },
};
