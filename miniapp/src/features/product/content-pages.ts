/**
 * What the pages of packages/product use. Kept apart from index.ts (which the tab pages import), so that
 * these components stay in the subpackage instead of the main package.
 */
export { ClaimGuideView } from './components/ClaimGuideView';
export { ContentLinks } from './components/ContentLinks';
export { CoverDetails } from './components/CoverDetails';
export { EditionGate } from './components/EditionGate';
export { EditionTexts } from './components/EditionTexts';
export { HelpView } from './components/HelpView';
export { PolicyDocumentCard } from './components/PolicyDocumentCard';
export { ShareLink } from './components/ShareLink';
export { usePolicyDocument } from './hooks/use-policy-document';
export { EDITION_TEXT_TITLES, isEditionTextKind, type EditionTextKind } from './links';
