import { Switch, Text } from '@tarojs/components';
import { Cell, CellGroup } from '../../../components';
import { openPage } from '../../../lib/navigation';
import { PROFILE_MENU } from '../menu';
import './profile.css';

export function ProfileMenu() {
  return (
    <>
      <CellGroup>
        {PROFILE_MENU.map((item) => (
          <Cell
            key={item.key}
            testId={`menu-${item.key}`}
            title={item.title}
            description={item.description}
            arrow
            onClick={() => openPage(item.url, { needsLogin: item.needsLogin })}
          />
        ))}
      </CellGroup>
      <CellGroup>
        <Cell
          testId="elder-mode"
          title="长辈模式"
          description="字体更大、行距更宽、按钮更大"
          disabled
          value={
            <>
              <Text className="profile__soon">即将开放</Text>
              <Switch checked={false} disabled color="#07c160" />
            </>
          }
        />
      </CellGroup>
    </>
  );
}
