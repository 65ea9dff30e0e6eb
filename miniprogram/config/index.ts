import path from 'node:path';
import { defineConfig, type UserConfigExport } from '@tarojs/cli';

/**
 * Taro build config. Both targets write under dist/<type> so that the weapp build (opened by
 * WeChat DevTools through the root project.config.json) and the H5 build (served for e2e tests)
 * can coexist. Base URLs are build-time defaults only: H5 also reads `?api=` and `?wx=` at run time.
 */
const apiBaseDefault = process.env.TONGKA_API_BASE ?? 'http://127.0.0.1:3000';
const fakeWechatBaseDefault = process.env.TONGKA_FAKE_WECHAT_BASE ?? 'http://127.0.0.1:4100';

export default defineConfig<'webpack5'>(async () => {
  const type = process.env.TARO_ENV ?? 'weapp';
  const config: UserConfigExport<'webpack5'> = {
    projectName: 'tongka-miniprogram',
    date: '2026-11-23',
    designWidth: 750,
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'src',
    outputRoot: `dist/${type}`,
    plugins: [],
    defineConstants: {
      TONGKA_API_BASE_DEFAULT: JSON.stringify(apiBaseDefault),
      TONGKA_FAKE_WECHAT_BASE_DEFAULT: JSON.stringify(fakeWechatBaseDefault),
    },
    alias: {
      '@': path.resolve(__dirname, '..', 'src'),
    },
    copy: { patterns: [], options: {} },
    framework: 'react',
    compiler: 'webpack5',
    cache: { enable: false },
    mini: {
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false },
      },
      optimizeMainPackage: { enable: true },
    },
    h5: {
      publicPath: './',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      output: {
        filename: 'js/[name].[contenthash:8].js',
        chunkFilename: 'js/[name].[chunkhash:8].js',
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[contenthash].css',
        chunkFilename: 'css/[name].[chunkhash].css',
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false },
      },
    },
  };
  return config;
});
