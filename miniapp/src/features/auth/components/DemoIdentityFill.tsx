import { View } from '@tarojs/components';
import { AppButton } from '../../../components';
import { useDemoPersonas } from '../hooks/use-demo-personas';
import { rememberedDemoPersona } from '../demo-persona';
import type { DemoPersona } from '../api';
import './auth.css';

/**
 * Browser build, after logging in as a demo persona: offers to fill in that persona's name and ID
 * number. Nothing is filled without the tap, so the form still behaves as for a real user.
 */
export function DemoIdentityFill({ onFill }: { onFill: (persona: DemoPersona) => void }) {
  const code = rememberedDemoPersona();
  const { data } = useDemoPersonas(code !== null);
  const persona = data?.find((candidate) => candidate.code === code);
  if (!persona) return null;
  return (
    <View className="demo-fill">
      <View className="demo-fill__text">您以演示用户「{persona.name}」登录，可一键填入其身份信息。</View>
      <AppButton size="small" onClick={() => onFill(persona)} testId="identity-use-demo">
        使用演示身份
      </AppButton>
    </View>
  );
}
