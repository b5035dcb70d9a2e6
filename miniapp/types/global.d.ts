/// <reference types="@tarojs/taro" />

declare module '*.png';
declare module '*.css';

declare namespace NodeJS {
  interface ProcessEnv {
    /** Set by the Taro CLI from the build type. */
    TARO_ENV: 'weapp' | 'swan' | 'alipay' | 'h5' | 'rn' | 'tt' | 'qq' | 'jd' | 'harmony' | 'jdrn';
    /** Origin of the API for the weapp build (empty in H5, which calls its own origin); see config/index.ts. */
    TARO_APP_API_ORIGIN: string;
  }
}
