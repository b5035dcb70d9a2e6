import { useEffect, useState } from 'react';
import Taro from '@tarojs/taro';

/**
 * 长辈模式 (larger type, wider line spacing, bigger touch targets), kept per device. Every `<Page>`
 * reads it, so one switch in 个人中心 changes every page, including the ones already open below.
 */
const STORAGE_KEY = 'puhui.elderMode';

/**
 * WeChat reports the user's system font size in px (`fontSizeSetting`, 17 being the standard size);
 * someone who made it larger gets 长辈模式 until they choose otherwise in 个人中心.
 */
const STANDARD_SYSTEM_FONT_PX = 17;

let current: boolean | null = null;
const listeners = new Set<(on: boolean) => void>();

function systemFontIsLarge(): boolean {
  if (process.env.TARO_ENV !== 'weapp') return false;
  try {
    const { fontSizeSetting } = Taro.getSystemInfoSync();
    return typeof fontSizeSetting === 'number' && fontSizeSetting > STANDARD_SYSTEM_FONT_PX;
  } catch {
    return false;
  }
}

/**
 * H5 only: Taro draws the title bar, the tab bar, toasts and modals itself, outside every `<Page>`;
 * `elder-mode` on `<html>` lets app.css enlarge them too. In WeChat they are native and follow the
 * system font size.
 */
const ROOT_CLASS = 'elder-mode';

function markDocument(on: boolean): void {
  if (process.env.TARO_ENV !== 'h5' || typeof document === 'undefined') return;
  document.documentElement.classList.toggle(ROOT_CLASS, on);
}

export function isElderMode(): boolean {
  if (current === null) {
    const stored: unknown = Taro.getStorageSync(STORAGE_KEY);
    current = stored === 'on' ? true : stored === 'off' ? false : systemFontIsLarge();
    markDocument(current);
  }
  return current;
}

/** The user's own choice: stored, and it wins over the system font size from then on. */
export function setElderMode(on: boolean): void {
  current = on;
  Taro.setStorageSync(STORAGE_KEY, on ? 'on' : 'off');
  markDocument(on);
  listeners.forEach((listener) => listener(on));
}

export function useElderMode(): boolean {
  const [on, setOn] = useState(isElderMode);
  useEffect(() => {
    listeners.add(setOn);
    // A change between the first render and this effect.
    setOn(isElderMode());
    return () => {
      listeners.delete(setOn);
    };
  }, []);
  return on;
}
