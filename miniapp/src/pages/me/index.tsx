import { View } from '@tarojs/components';
import { AppButton, Card, EmptyState, Loading, Page } from '../../components';
import { useLogout } from '../../features/auth';
import { UnreadBadge, useUnreadCount } from '../../features/messages/unread';
import { GuestCard, PersonCard, ProfileMenu, UnverifiedCard, useMe } from '../../features/profile';
import { goToLogin, openPage } from '../../lib/navigation';
import { PAGES } from '../../lib/pages';

/** 个人中心: who is logged in, and the menu of everything one can do for the family. */
export default function MePage() {
  const { state, refresh, setGuest } = useMe();
  const logout = useLogout(setGuest);
  const loggedIn = state.status === 'ready' || state.status === 'error';
  const unread = useUnreadCount();

  return (
    <Page>
      {state.status === 'loading' && (
        <Card>
          <Loading />
        </Card>
      )}
      {state.status === 'guest' && <GuestCard onLogin={() => goToLogin({ returnTo: PAGES.me })} />}
      {state.status === 'error' && (
        <Card>
          <EmptyState
            title="个人信息加载失败"
            description={state.message}
            action={{ text: '重新加载', onClick: () => void refresh(), testId: 'me-retry' }}
          />
        </Card>
      )}
      {state.status === 'ready' &&
        (state.me.person ? (
          <PersonCard person={state.me.person} />
        ) : (
          <UnverifiedCard
            onVerify={() => openPage(`${PAGES.identity}?redirect=${encodeURIComponent(PAGES.me)}`)}
          />
        ))}
      <ProfileMenu
        values={{ messages: loggedIn && unread > 0 ? <UnreadBadge count={unread} /> : undefined }}
      />
      {loggedIn && (
        <View className="actions">
          <AppButton type="warn" onClick={() => void logout()} testId="logout">
            退出登录
          </AppButton>
        </View>
      )}
    </Page>
  );
}
