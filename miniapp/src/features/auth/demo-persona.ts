import Taro from '@tarojs/taro';

/**
 * The code of the demo persona the tester logged in as, so that 实名认证 can offer to fill in that
 * persona's name and ID number. Only the code is kept; the page fetches the persona again.
 */
const KEY = 'puhui.demoPersona';

export function rememberDemoPersona(code: string | null): void {
  if (code) Taro.setStorageSync(KEY, code);
  else Taro.removeStorageSync(KEY);
}

export function rememberedDemoPersona(): string | null {
  const code = Taro.getStorageSync<string>(KEY);
  return typeof code === 'string' && code ? code : null;
}
