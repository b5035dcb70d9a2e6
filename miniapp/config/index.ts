import path from 'node:path';
import { defineConfig, type UserConfigExport } from '@tarojs/cli';
import devConfig from './dev';
import prodConfig from './prod';

// `shared/` ships CommonJS ES2017 in dist/; Taro only runs babel over src/ unless told otherwise.
const sharedPackage = path.resolve(__dirname, '../../shared');

// Where the weapp build sends API calls. The H5 build is served by the API server itself and uses a
// relative base. Set TARO_APP_API_ORIGIN in the shell or in miniapp/.env(.production) to change it.
const apiOrigin = process.env.TARO_APP_API_ORIGIN || 'http://127.0.0.1:3000';
// MINIAPP_OUT lets two builds run side by side (e.g. dist/h5-family); the server reads H5_DIR.
const outputRoot = process.env.MINIAPP_OUT || `dist/${process.env.TARO_ENV}`;

export default defineConfig<'webpack5'>(async (merge) => {
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'puhui-family-miniapp',
    date: '2024-1-9',
    // Styles are written at the 375 px design width (1px in CSS = 1 CSS pixel on a 375 px phone).
    designWidth: 375,
    deviceRatio: { 375: 2, 640: 2.34 / 2, 750: 1, 828: 1.81 / 2 },
    sourceRoot: 'src',
    outputRoot,
    plugins: [],
    env: { TARO_APP_API_ORIGIN: JSON.stringify(process.env.TARO_ENV === 'h5' ? '' : apiOrigin) },
    defineConstants: {},
    copy: {
      patterns:
        process.env.TARO_ENV === 'h5' ? [{ from: 'src/favicon.ico', to: `${outputRoot}/favicon.ico` }] : [],
      options: {},
    },
    framework: 'react',
    compiler: 'webpack5',
    cache: { enable: false },
    mini: {
      compile: { include: [sharedPackage] },
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: {
          enable: false,
          config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' },
        },
      },
    },
    h5: {
      publicPath: '/',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      compile: { include: [sharedPackage] },
      output: {
        filename: 'js/[name].[hash:8].js',
        chunkFilename: 'js/[name].[chunkhash:8].js',
      },
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
      webpackChain(chain) {
        // Taro splits only initial chunks, so every lazily loaded page carried its own copy of the Taro
        // components and of src/components (≈110 KB each). Share them between pages instead.
        chain.optimization.splitChunks({ ...chain.optimization.get('splitChunks'), chunks: 'all' });
      },
    },
  };
  return process.env.NODE_ENV === 'development'
    ? merge({}, baseConfig, devConfig)
    : merge({}, baseConfig, prodConfig);
});
