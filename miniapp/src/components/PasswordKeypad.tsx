import { useRef, useState } from 'react';
import { Text, View } from '@tarojs/components';
import { MoneyText } from './MoneyText';
import './password-keypad.css';

const LENGTH = 6;
/** 3 × 4, like WeChat's: 1–9, an empty key, 0, delete. */
const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '', '0', 'del'] as const;

interface PasswordKeypadProps {
  /** Absent when nothing is paid (the password confirms something else, e.g. the full data export). */
  amountFen?: number;
  /** Under the amount, e.g. 医保个账支付 · 王** */
  subtitle: string;
  /** The last refusal to show above the keys (e.g. 还可以输入 4 次). */
  error: string | null;
  /** Called at the sixth digit; true when paid, false to clear the digits for another try. */
  onSubmit: (password: string) => Promise<boolean>;
  onClose: () => void;
  /** Shown while the submission runs (a payment unless said). */
  busyText?: string;
}

/**
 * The 6-digit payment password of the 医保个账, typed on the page's own keypad (no system keyboard,
 * nothing kept after the tap). Submits by itself at the sixth digit; keys do nothing while it runs.
 *
 * Imported from this file, not from `./index`: only subpackage pages pay, so the keypad and its CSS
 * stay out of the main package.
 */
export function PasswordKeypad({
  amountFen,
  subtitle,
  error,
  onSubmit,
  onClose,
  busyText = '正在支付…',
}: PasswordKeypadProps) {
  // The digits live in a ref as well: two taps before a re-render must not lose one.
  const typed = useRef('');
  const [digits, setDigits] = useState('');
  const [submitting, setSubmitting] = useState(false);
  const busy = useRef(false);

  function update(value: string) {
    typed.current = value;
    setDigits(value);
  }

  async function press(key: (typeof KEYS)[number]) {
    if (busy.current || key === '') return;
    if (key === 'del') {
      update(typed.current.slice(0, -1));
      return;
    }
    if (typed.current.length >= LENGTH) return;
    const next = typed.current + key;
    update(next);
    if (next.length < LENGTH) return;
    busy.current = true;
    setSubmitting(true);
    // Once paid the keys stay off: the result page is opening.
    if (await onSubmit(next)) return;
    busy.current = false;
    setSubmitting(false);
    update('');
  }

  return (
    <View className="keypad-mask" data-testid="keypad">
      <View className="keypad">
        <View className="keypad__head">
          <View
            className="keypad__close"
            data-testid="keypad-close"
            onClick={() => !busy.current && onClose()}
          >
            ✕
          </View>
          <Text className="keypad__title">请输入医保支付密码</Text>
        </View>
        {amountFen !== undefined && (
          <View className="keypad__amount">
            <MoneyText fen={amountFen} />
          </View>
        )}
        <View className="keypad__subtitle">{subtitle}</View>
        <View className="keypad__boxes" data-testid="keypad-boxes">
          {Array.from({ length: LENGTH }, (_, index) => (
            <View key={index} className="keypad__box">
              {index < digits.length && <View className="keypad__dot" />}
            </View>
          ))}
        </View>
        <View className={error && !submitting ? 'keypad__status keypad__status--error' : 'keypad__status'}>
          {submitting ? (
            <Text data-testid="keypad-submitting">{busyText}</Text>
          ) : (
            error && <Text data-testid="keypad-error">{error}</Text>
          )}
        </View>
        <View className="keypad__keys">
          {KEYS.map((key, index) => (
            <View
              key={key || `blank-${index}`}
              className={
                key === ''
                  ? 'keypad__key keypad__key--blank'
                  : key === 'del'
                    ? 'keypad__key keypad__key--del'
                    : 'keypad__key'
              }
              hoverClass={key === '' ? 'none' : 'keypad__key--pressed'}
              data-testid={key === '' ? undefined : `key-${key}`}
              onClick={() => void press(key)}
            >
              {key === 'del' ? '⌫' : key}
            </View>
          ))}
        </View>
      </View>
    </View>
  );
}
