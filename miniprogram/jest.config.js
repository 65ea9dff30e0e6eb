/**
 * Component tests of the mini-program: jsdom + @testing-library/react, with @tarojs/taro and
 * @tarojs/components replaced by small in-memory stand-ins (test-support/) so that pages, hooks
 * and services run unchanged outside a WeChat or browser runtime.
 */
module.exports = {
  rootDir: __dirname,
  testEnvironment: 'jsdom',
  testMatch: ['<rootDir>/src/**/*.spec.ts?(x)'],
  transform: {
    '^.+\\.(t|j)sx?$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', tsx: true },
          transform: { react: { runtime: 'automatic' } },
          target: 'es2020',
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  moduleNameMapper: {
    '^@tarojs/taro$': '<rootDir>/test-support/taro.ts',
    '^@tarojs/components$': '<rootDir>/test-support/components.tsx',
    '^@tongka/shared-types/dist/(.*)$': '<rootDir>/../shared-types/src/$1',
    '\\.css$': '<rootDir>/test-support/style.ts',
  },
  setupFiles: ['<rootDir>/test-support/globals.ts'],
};
