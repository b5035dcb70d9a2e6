export { GuestCard, PersonCard, UnverifiedCard } from './components/PersonCard';
export { ProfileMenu } from './components/ProfileMenu';
export { useMe } from './hooks/use-me';
