/// <reference types="@tarojs/taro" />

declare module '*.png';
declare module '*.scss';

/** Set by defineConstants in config/index.ts: '' means the same origin (H5). */
declare const API_BASE: string;

declare namespace NodeJS {
  interface ProcessEnv {
    TARO_ENV: 'weapp' | 'h5' | 'swan' | 'alipay' | 'tt' | 'qq' | 'jd' | 'harmony' | 'jdrn' | undefined;
  }
}
