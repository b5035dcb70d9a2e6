export { MessageList } from './components/MessageList';
export { useMessages } from './hooks/use-messages';
