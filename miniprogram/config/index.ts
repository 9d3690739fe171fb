import path from 'node:path';
import { defineConfig, type UserConfigExport } from '@tarojs/cli';

/**
 * One config for both targets. API_BASE is '' by default, so the H5 build calls the server that
 * serves it; the weapp build needs the full https origin (set API_BASE when building).
 */
export default defineConfig<'webpack5'>(async () => {
  const isH5 = process.env.TARO_ENV === 'h5';
  const config: UserConfigExport<'webpack5'> = {
    projectName: 'mwr-12314-miniprogram',
    date: '2026-11-23',
    designWidth: 750,
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'src',
    // TARO_OUTPUT_ROOT lets two builds (or two people) work side by side without clobbering each other.
    outputRoot: process.env.TARO_OUTPUT_ROOT ?? (isH5 ? 'dist-h5' : 'dist'),
    plugins: [],
    defineConstants: {
      API_BASE: JSON.stringify(process.env.API_BASE ?? ''),
    },
    alias: {
      '@': path.resolve(__dirname, '..', 'src'),
    },
    copy: { patterns: [], options: {} },
    framework: 'react',
    compiler: 'webpack5',
    cache: { enable: process.env.TARO_CACHE === '1' },
    mini: {
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: {
          enable: false,
          config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' },
        },
      },
    },
    h5: {
      publicPath: './',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      output: { filename: 'js/[name].[hash:8].js', chunkFilename: 'js/[name].[chunkhash:8].js' },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[hash].css',
        chunkFilename: 'css/[name].[chunkhash].css',
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: {
          enable: false,
          config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' },
        },
      },
    },
  };
  return config;
});
