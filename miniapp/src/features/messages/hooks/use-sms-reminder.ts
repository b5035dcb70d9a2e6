import { useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import type { NoticeContactResponse } from '@puhui/shared';
import { ApiError } from '../../../lib/request';
import { useAsync } from '../../../lib/use-async';
import { fetchNoticeContact, removeMobile, sandboxTexts, sendMobileCode, verifyMobile } from '../api';

const MOBILE = /^1[3-9]\d{9}$/;

/**
 * 短信提醒: the number SMS notices go to, and the two steps that prove a new one — a code sent to it
 * (then a minute before another), the code typed back.
 */
export function useSmsReminder() {
  const contact = useAsync(fetchNoticeContact);
  const [current, setCurrent] = useState<NoticeContactResponse | undefined>();
  const [mobile, setMobile] = useState('');
  const [code, setCode] = useState('');
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [waitSeconds, setWaitSeconds] = useState(0);
  const [error, setError] = useState<string | null>(null);
  /** Browser build only: the SMS the stand-in received, so the demo user can read the code. */
  const [demoText, setDemoText] = useState<string | null>(null);

  useEffect(() => setCurrent(contact.data), [contact.data]);
  useEffect(() => {
    if (waitSeconds <= 0) return undefined;
    const timer = setTimeout(() => setWaitSeconds((s) => s - 1), 1000);
    return () => clearTimeout(timer);
  }, [waitSeconds]);

  const refuse = (err: unknown) => setError(err instanceof ApiError ? err.message : '操作失败，请稍后再试');

  async function send() {
    if (!MOBILE.test(mobile)) {
      setError('请输入 11 位手机号');
      return;
    }
    setError(null);
    try {
      const sent = await sendMobileCode(mobile);
      setSentTo(sent.sentTo);
      setWaitSeconds(sent.resendAfterSeconds);
      if (process.env.TARO_ENV === 'h5') setDemoText((await sandboxTexts()).at(-1) ?? null);
    } catch (err) {
      refuse(err);
    }
  }

  async function confirm() {
    if (!/^\d{6}$/.test(code)) {
      setError('请输入短信中的 6 位验证码');
      return;
    }
    setError(null);
    try {
      setCurrent(await verifyMobile(mobile, code));
      setSentTo(null);
      setCode('');
      setDemoText(null);
      Taro.showToast({ title: '短信提醒已开启', icon: 'success' });
    } catch (err) {
      refuse(err);
    }
  }

  async function turnOff() {
    const { confirm: sure } = await Taro.showModal({
      title: '关闭短信提醒',
      content: '关闭后，续保扣费提醒等通知只在“消息”和微信订阅消息中显示。',
      confirmText: '关闭',
    });
    if (!sure) return;
    try {
      setCurrent(await removeMobile());
    } catch (err) {
      refuse(err);
    }
  }

  return {
    contact: { ...contact, data: current },
    mobile,
    setMobile,
    code,
    setCode,
    sentTo,
    waitSeconds,
    error,
    demoText,
    send,
    confirm,
    turnOff,
  };
}
