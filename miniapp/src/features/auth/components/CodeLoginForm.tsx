import { useState } from 'react';
import { Input, View } from '@tarojs/components';
import { AppButton, CellGroup } from '../../../components';
import './auth.css';

/** 其他用户: log in with any login code the development server accepts. */
export function CodeLoginForm({ busy, onSubmit }: { busy: boolean; onSubmit: (code: string) => void }) {
  const [code, setCode] = useState('');
  const trimmed = code.trim();
  return (
    <>
      <CellGroup title="其他用户">
        <View className="cell field">
          <View className="field__label">登录代码</View>
          <Input
            className="field__input"
            data-testid="login-code"
            value={code}
            placeholder="请输入登录代码"
            maxlength={64}
            onInput={(event) => setCode(event.detail.value)}
            onConfirm={() => trimmed && onSubmit(trimmed)}
          />
        </View>
      </CellGroup>
      <View className="actions">
        <AppButton disabled={!trimmed} loading={busy} onClick={() => onSubmit(trimmed)} testId="login-submit">
          登录
        </AppButton>
      </View>
    </>
  );
}
