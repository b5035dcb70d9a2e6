import { PAGES } from '../../lib/pages';

export const EDITION_TEXT_KINDS = ['notice', 'terms', 'exclusions'] as const;
export type EditionTextKind = (typeof EDITION_TEXT_KINDS)[number];

export const EDITION_TEXT_TITLES: Record<EditionTextKind, string> = {
  notice: '投保须知',
  terms: '保险条款',
  exclusions: '责任免除',
};

export function isEditionTextKind(value: string | undefined): value is EditionTextKind {
  return EDITION_TEXT_KINDS.includes(value as EditionTextKind);
}

/** `?code=` when the page is about a given edition; without it the page shows the open one. */
const withCode = (url: string, code?: string, extra = '') => {
  const query = [extra, code ? `code=${encodeURIComponent(code)}` : ''].filter(Boolean).join('&');
  return query ? `${url}?${query}` : url;
};

export const contentUrls = {
  cover: (code?: string) => withCode(PAGES.cover, code),
  text: (kind: EditionTextKind, code?: string) => withCode(PAGES.editionText, code, `kind=${kind}`),
  claims: (code?: string) => withCode(PAGES.claims, code),
  help: (code?: string) => withCode(PAGES.help, code),
};

export type ContentLinkKey = 'cover' | EditionTextKind | 'claims' | 'help';

/** The entries a user looks for, with the words they look for. */
export const CONTENT_LINKS: Record<
  ContentLinkKey,
  { title: string; description: string; url: (code?: string) => string }
> = {
  cover: { title: '保障内容', description: '300万保什么、免赔额和赔付比例、既往症', url: contentUrls.cover },
  notice: {
    title: '投保须知',
    description: '谁可以投保、缴费方式、退保',
    url: (c) => contentUrls.text('notice', c),
  },
  terms: { title: '保险条款', description: '本年度条款', url: (c) => contentUrls.text('terms', c) },
  exclusions: {
    title: '责任免除',
    description: '哪些情况不赔',
    url: (c) => contentUrls.text('exclusions', c),
  },
  claims: { title: '理赔指引', description: '怎么申请理赔、要准备的材料、理赔电话', url: contentUrls.claims },
  help: { title: '常见问题与客服', description: '常见问题解答和客服联系方式', url: contentUrls.help },
};
