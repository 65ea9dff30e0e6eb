import type { PosterPlatform } from './poster-types';

export type { PosterContent, PosterPlatform } from './poster-types';

/** The invite poster's canvas and saving differ per platform; the build drops the other one. */
export const posterPlatform: PosterPlatform =
  process.env.TARO_ENV === 'h5' ? require('./poster-h5').h5Poster : require('./poster-weapp').weappPoster;
