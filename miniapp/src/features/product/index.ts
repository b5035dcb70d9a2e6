export type { ProductView } from './api';
export { ContentLinks } from './components/ContentLinks';
export { EligibilityCard } from './components/EligibilityCard';
export { FaqList } from './components/FaqList';
export { OpenProduct } from './components/OpenProduct';
