import { useState } from 'react';
import type { PrivacyDocumentView } from '@puhui/shared';
import { Card, Loading, Page } from '../../components';
import { fetchPrivacyTexts, PrivacyText } from '../../features/privacy';
import { usePageData } from '../../lib/use-page-data';

/** 隐私保护指引 with the 个人信息处理规则 and both separate-consent texts, readable without a login. */
export default function PrivacyPolicyPage() {
  const [docs, setDocs] = useState<PrivacyDocumentView[] | null>(null);
  usePageData(
    () =>
      void fetchPrivacyTexts().then(
        (r) => setDocs(r.documents),
        () => undefined,
      ),
  );
  const order = ['PRIVACY_POLICY', 'SENSITIVE_INFO', 'RELATIVE_INFO'];
  return (
    <Page>
      <Card testId="privacy-policy">
        {docs === null ? (
          <Loading />
        ) : (
          [...docs]
            .sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind))
            .map((d) => <PrivacyText key={d.kind} doc={d} />)
        )}
      </Card>
    </Page>
  );
}
