import type { ReactNode } from 'react';
import { Switch, View } from '@tarojs/components';
import { Cell, CellGroup } from '../../../components';
import { setElderMode, useElderMode } from '../../../lib/elder-mode';
import { openPage } from '../../../lib/navigation';
import { PROFILE_MENU } from '../menu';
import './profile.css';

/** `values`: what a cell shows on its right, by menu key (e.g. the unread count of 消息). */
export function ProfileMenu({ values = {} }: { values?: Partial<Record<string, ReactNode>> }) {
  const elder = useElderMode();
  return (
    <>
      <CellGroup>
        {PROFILE_MENU.map((item) => (
          <Cell
            key={item.key}
            testId={`menu-${item.key}`}
            title={item.title}
            description={item.description}
            value={values[item.key]}
            arrow
            onClick={() => openPage(item.url, { needsLogin: item.needsLogin })}
          />
        ))}
      </CellGroup>
      <CellGroup footer="仅对本设备生效；系统字体调大时默认开启。">
        <Cell
          testId="elder-mode"
          title="长辈模式"
          description="字体更大、行距更宽、按钮更大"
          onClick={() => setElderMode(!elder)}
          value={
            // The switch handles its own taps; without this the cell's tap would toggle it back.
            <View onClick={(event) => event.stopPropagation()}>
              <Switch
                checked={elder}
                color="#057a3f"
                data-testid="elder-mode-switch"
                onChange={(event) => setElderMode(event.detail.value)}
              />
            </View>
          }
        />
      </CellGroup>
    </>
  );
}
