/** Component tests with the real Taro H5 components (see ../../shared/docs/taro.md). */
module.exports = {
  testEnvironment: 'jsdom',
  testMatch: ['<rootDir>/src/**/__tests__/**/*.test.[jt]s?(x)'],
  transform: { '^.+\\.(m?js|jsx|tsx?)$': 'babel-jest' },
  // Taro and Stencil ship ESM; the components' React build bundles a nested tslib; swiper is .mjs.
  transformIgnorePatterns: ['/node_modules/(?!(@tarojs|@stencil|\\.pnpm|tslib|swiper|ssr-window|dom7)/)'],
  moduleNameMapper: {
    '^@tarojs/components$': '<rootDir>/../node_modules/@tarojs/components/lib/react/index.js',
    '^@tarojs/taro$': '<rootDir>/test/mocks/taro.ts',
    '\\.(css|scss|sass|less)$': '<rootDir>/test/mocks/style.js',
    '^@/(.*)$': '<rootDir>/src/$1',
  },
  setupFilesAfterEnv: ['<rootDir>/test/setup.ts'],
  globals: {
    API_BASE: 'http://api.test',
    ENABLE_INNER_HTML: true,
    ENABLE_ADJACENT_HTML: true,
    ENABLE_SIZE_APIS: true,
    ENABLE_TEMPLATE_CONTENT: true,
    ENABLE_MUTATION_OBSERVER: true,
    ENABLE_CLONE_NODE: true,
    ENABLE_CONTAINS: true,
    DEPRECATED_ADAPTER_COMPONENT: false,
    __TARO_FRAMEWORK__: 'react',
  },
};
