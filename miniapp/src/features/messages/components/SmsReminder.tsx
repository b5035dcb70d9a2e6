import { View } from '@tarojs/components';
import { AppButton, Card, CellGroup, EmptyState, Loading, TextField } from '../../../components';
import type { useSmsReminder } from '../hooks/use-sms-reminder';
import './messages.css';

type SmsReminderState = ReturnType<typeof useSmsReminder>;

/**
 * 短信提醒: where SMS notices go now (or that none do), and a number proven by a code. The order of
 * channels is said first, so the user knows what the number is for.
 */
export function SmsReminder({ state }: { state: SmsReminderState }) {
  const { contact } = state;
  if (!contact.data && contact.loading) {
    return (
      <Card>
        <Loading text="正在加载…" />
      </Card>
    );
  }
  if (contact.error) {
    return (
      <Card>
        <EmptyState
          title="加载失败"
          description={contact.error.message}
          action={{ text: '重新加载', onClick: () => void contact.reload() }}
        />
      </Card>
    );
  }
  const on = contact.data?.mobile ?? null;
  return (
    <View data-testid="sms-reminder">
      <Card title="短信提醒">
        <View className="sms__status" data-testid="sms-status">
          {on ? `已开启：提醒将发送至 ${on}` : '未开启'}
        </View>
        <View className="sms__hint">
          续保扣费提醒、扣费结果和退款到账会先通过您订阅的微信消息发送；没有可用的订阅时，发短信到这里验证过的手机号。所有通知也都会出现在“消息”中。
        </View>
        {on && (
          <AppButton size="small" onClick={() => void state.turnOff()} testId="sms-off">
            关闭短信提醒
          </AppButton>
        )}
      </Card>
      <CellGroup title={on ? '更换手机号' : '开启短信提醒'}>
        <TextField
          label="手机号"
          testId="sms-mobile"
          type="number"
          value={state.mobile}
          placeholder="请输入 11 位手机号"
          maxlength={11}
          onInput={state.setMobile}
        />
        <View className="cell sms__send">
          <AppButton
            size="small"
            disabled={state.waitSeconds > 0}
            onClick={() => void state.send()}
            testId="sms-send"
          >
            {state.waitSeconds > 0 ? `${state.waitSeconds} 秒后可重新获取` : '获取验证码'}
          </AppButton>
        </View>
        {state.sentTo && (
          <TextField
            label="验证码"
            testId="sms-code"
            type="number"
            value={state.code}
            placeholder={`已发送至 ${state.sentTo}，5 分钟内有效`}
            maxlength={6}
            onInput={state.setCode}
          />
        )}
      </CellGroup>
      {state.demoText && (
        <View className="sms__demo" data-testid="sms-demo">
          本地演示环境，短信未真实发出，内容如下：{state.demoText}
        </View>
      )}
      {state.error && (
        <View className="field__error" data-testid="sms-error">
          {state.error}
        </View>
      )}
      {state.sentTo && (
        <View className="sms__confirm">
          <AppButton type="primary" onClick={() => void state.confirm()} testId="sms-confirm">
            确认开启
          </AppButton>
        </View>
      )}
    </View>
  );
}
