import { Cell, CellGroup } from '../../../components';
import { openPage } from '../../../lib/navigation';
import { CONTENT_LINKS, type ContentLinkKey } from '../links';

interface ContentLinksProps {
  links: ContentLinkKey[];
  /** The edition the pages are about; without it they show the one open now. */
  code?: string;
  title?: string;
  /** Tab pages stay mounted under each other: each place names its cells apart (`home-cover`). */
  testIdPrefix: string;
}

/** Cells that open the edition's texts: 保障内容, 投保须知, 条款, 责任免除, 理赔指引, 常见问题与客服. */
export function ContentLinks({ links, code, title, testIdPrefix }: ContentLinksProps) {
  return (
    <CellGroup title={title}>
      {links.map((key) => (
        <Cell
          key={key}
          testId={`${testIdPrefix}-${key}`}
          title={CONTENT_LINKS[key].title}
          description={CONTENT_LINKS[key].description}
          arrow
          onClick={() => openPage(CONTENT_LINKS[key].url(code))}
        />
      ))}
    </CellGroup>
  );
}
