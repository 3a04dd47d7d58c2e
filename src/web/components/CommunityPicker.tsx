import { Form, Select } from 'antd';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useHomeSummary } from '../lib/queries';

/**
 * The community a page looks at. Most people have one and see no picker; a sub-district account picks
 * among its communities, remembered in the address (`?community=`).
 */
export function useCommunityChoice(): { communityId: string | undefined; picker: React.ReactNode } {
  const { t } = useTranslation();
  const summary = useHomeSummary(true);
  const [params, setParams] = useSearchParams();
  const id = useId();
  const communities = summary.data?.communities ?? [];
  const chosen = params.get('community') ?? undefined;
  const communityId = communities.length > 1 ? (chosen ?? communities[0]?.id) : chosen;
  const picker =
    communities.length > 1 ? (
      <Form layout="vertical" component="div">
        <Form.Item label={t('community.label')} htmlFor={id}>
          <Select
            id={id}
            value={communityId}
            options={communities.map((c) => ({ value: c.id, label: c.name }))}
            onChange={(value: string) => {
              const next = new URLSearchParams(params);
              next.set('community', value);
              setParams(next, { replace: true });
            }}
          />
        </Form.Item>
      </Form>
    ) : null;
  return { communityId, picker };
}
