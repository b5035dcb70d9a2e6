import type { ProductView } from '@puhui/shared';
import { AppButton, Cell, CellGroup } from '../../../components';
import { callNumber } from './ClaimGuideView';
import { Unpublished } from './EditionGate';
import { FaqList } from './FaqList';
import './content.css';

/** 常见问题 and 客服 of an edition, from its configuration. */
export function HelpView({ product }: { product: ProductView }) {
  const faq = product.content?.faq ?? [];
  const service = product.content?.service ?? [];
  return (
    <>
      {faq.length > 0 ? (
        <FaqList items={faq} testIdPrefix="help-faq" />
      ) : (
        <Unpublished what="常见问题" year={product.year} />
      )}
      {service.length > 0 ? (
        <CellGroup title="客服">
          {service.map((contact, index) => (
            <Cell
              key={contact.name}
              testId={`help-contact-${index}`}
              title={contact.name}
              description={[contact.hours, contact.note].filter(Boolean).join(' · ') || undefined}
              value={
                contact.phone ? (
                  <AppButton
                    size="small"
                    onClick={() => callNumber(contact.phone!)}
                    testId={`help-call-${index}`}
                  >
                    拨打 {contact.phone}
                  </AppButton>
                ) : undefined
              }
            />
          ))}
        </CellGroup>
      ) : (
        <Unpublished what="客服联系方式" year={product.year} />
      )}
    </>
  );
}
