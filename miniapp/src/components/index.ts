import './ui.css';

export { AppButton } from './AppButton';
export { Card } from './Card';
export { Cell } from './Cell';
export { CellGroup } from './CellGroup';
export { EmptyState } from './EmptyState';
export { Loading } from './Loading';
export { MoneyText } from './MoneyText';
export { Page } from './Page';
export { ResultNotice, leaveNotice, usePageNotice, type Notice } from './ResultNotice';
export { TextField } from './TextField';
