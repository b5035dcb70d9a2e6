import { Page } from '../../components';
import { SmsReminder, useSmsReminder } from '../../features/messages';
import { useRequireLogin } from '../../lib/use-require-login';

/** 短信提醒: the number SMS notices go to, proven by a code. */
export default function SmsReminderPage() {
  const loggedIn = useRequireLogin();
  return <Page>{loggedIn && <SmsReminderView />}</Page>;
}

function SmsReminderView() {
  return <SmsReminder state={useSmsReminder()} />;
}
