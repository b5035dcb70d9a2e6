export { MessageList } from './components/MessageList';
export { SmsReminder } from './components/SmsReminder';
export { useMessages } from './hooks/use-messages';
export { useSmsReminder } from './hooks/use-sms-reminder';
