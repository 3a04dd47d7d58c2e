import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CareTag } from '../../shared/careTags';

/** Care needs tell a visitor how to help: shown plainly, dark on light for contrast. */
export function CareTags({ tags }: { tags: readonly CareTag[] }) {
  const { t } = useTranslation();
  if (tags.length === 0) return null;
  return (
    <span>
      {tags.map((tag) => (
        <Tag key={tag} color="#7c2d12" style={{ fontSize: 16, padding: '2px 8px', marginBlock: 2 }}>
          {t(`careTags.${tag}`)}
        </Tag>
      ))}
    </span>
  );
}
