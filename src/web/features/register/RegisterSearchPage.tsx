import { Alert, Button, Col, Flex, Form, Input, Row, Select, Typography } from 'antd';
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useOutletContext, useSearchParams } from 'react-router';
import { CARE_TAGS, type CareTag } from '../../../shared/careTags';
import { AGE_BANDS, type AgeBand, type TResidentSearchQuery } from '../../../shared/contracts/register';
import type { ShellContext } from '../../app/AppShell';
import { BackLink } from '../../components/BackLink';
import { CareTags } from '../../components/CareTags';
import { DownloadButton } from '../../components/DownloadButton';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { useBuildings, useResidentSearch } from '../../lib/queries';
import { canWriteRegister } from '../../lib/roles';

const LIMIT = 50;

function isCareTag(value: string | null): value is CareTag {
  return value !== null && (CARE_TAGS as readonly string[]).includes(value);
}
function isAgeBand(value: string | null): value is AgeBand {
  return value !== null && (AGE_BANDS as readonly string[]).includes(value);
}

/** One search box first; the query lives in the address so "back" returns to the same results. */
export function RegisterSearchPage() {
  const { t } = useTranslation();
  const { session } = useOutletContext<ShellContext>();
  const [params, setParams] = useSearchParams();
  const location = useLocation();
  const notice = (location.state as { notice?: unknown } | null)?.notice;
  const headingId = useId();
  const resultsId = useId();
  const searchId = useId();
  const careId = useId();
  const ageId = useId();
  const buildingId = useId();

  const q = params.get('q') ?? '';
  const careParam = params.get('careTag');
  const ageParam = params.get('ageBand');
  const careTag = isCareTag(careParam) ? careParam : undefined;
  const ageBand = isAgeBand(ageParam) ? ageParam : undefined;
  const building = params.get('buildingId') ?? undefined;
  const [text, setText] = useState(q);
  const activeFilters = [careTag, ageBand, building].filter(Boolean).length;
  const [filtersOpen, setFiltersOpen] = useState(activeFilters > 0);

  useEffect(() => setText(q), [q]);

  const update = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    setParams(next, { replace: true });
  };

  // Search as the person types, a moment after they stop.
  useEffect(() => {
    const handle = setTimeout(() => {
      if (text.trim() !== q) update({ q: text.trim() || undefined });
    }, 350);
    return () => clearTimeout(handle);
  });

  const query: TResidentSearchQuery = {
    q,
    limit: LIMIT,
    ...(careTag ? { careTag } : {}),
    ...(ageBand ? { ageBand } : {}),
    ...(building ? { buildingId: building } : {}),
  };
  const hasQuery = q !== '' || careTag !== undefined || ageBand !== undefined || building !== undefined;
  const results = useResidentSearch(query, hasQuery);
  const buildings = useBuildings();
  const canWrite = canWriteRegister(session.user.role);

  return (
    <>
      <BackLink to="/">{t('app.backHome')}</BackLink>
      <Typography.Title level={1} id={headingId} style={{ fontSize: 30, marginTop: 8 }}>
        {t('register.heading')}
      </Typography.Title>

      {typeof notice === 'string' ? (
        <Alert type="success" showIcon role="status" title={notice} style={{ marginBottom: 12 }} />
      ) : null}
      <search>
        <Form
          layout="vertical"
          onFinish={() => update({ q: text.trim() || undefined })}
          requiredMark={false}
          aria-labelledby={headingId}
        >
          <Form.Item
            label={<span style={{ fontSize: 20 }}>{t('register.searchLabel')}</span>}
            htmlFor={searchId}
          >
            <Input
              id={searchId}
              type="search"
              size="large"
              value={text}
              onChange={(event) => setText(event.target.value)}
              placeholder={t('register.placeholder')}
              aria-describedby={`${searchId}-hint`}
              autoComplete="off"
              autoCapitalize="none"
              spellCheck={false}
              enterKeyHint="search"
              data-testid="register-search"
              className="linli-search-input"
              suffix={
                <Button type="primary" htmlType="submit" size="large" className="linli-search-button">
                  {t('register.searchButton')}
                </Button>
              }
            />
          </Form.Item>
          <Typography.Paragraph id={`${searchId}-hint`} style={{ marginTop: -8 }}>
            {t('register.hint')}
          </Typography.Paragraph>

          <details
            className="linli-filters"
            open={filtersOpen}
            onToggle={(event) => setFiltersOpen(event.currentTarget.open)}
          >
            <summary>
              {t('register.filtersHeading')}
              {activeFilters > 0 ? ` (${activeFilters})` : ''}
            </summary>
            <Row gutter={[12, 0]}>
              <Col xs={24} sm={8}>
                <Form.Item label={t('register.careTag')} htmlFor={careId}>
                  <Select
                    id={careId}
                    size="large"
                    value={careTag ?? ''}
                    onChange={(value: string) => update({ careTag: value || undefined })}
                    options={[
                      { value: '', label: t('register.any') },
                      ...CARE_TAGS.map((tag) => ({ value: tag, label: t(`careTags.${tag}`) })),
                    ]}
                  />
                </Form.Item>
              </Col>
              <Col xs={24} sm={8}>
                <Form.Item label={t('register.ageBand')} htmlFor={ageId}>
                  <Select
                    id={ageId}
                    size="large"
                    value={ageBand ?? ''}
                    onChange={(value: string) => update({ ageBand: value || undefined })}
                    options={[
                      { value: '', label: t('register.any') },
                      ...AGE_BANDS.map((band) => ({ value: band, label: t(`ageBands.${band}`) })),
                    ]}
                  />
                </Form.Item>
              </Col>
              <Col xs={24} sm={8}>
                <Form.Item label={t('register.building')} htmlFor={buildingId}>
                  <Select
                    id={buildingId}
                    size="large"
                    value={building ?? ''}
                    onChange={(value: string) => update({ buildingId: value || undefined })}
                    options={[
                      { value: '', label: t('register.any') },
                      ...(buildings.data?.items ?? []).map((b) => ({
                        value: b.id,
                        label: t('buildings.tile', { number: b.number }),
                      })),
                    ]}
                  />
                </Form.Item>
              </Col>
            </Row>
            {careTag || ageBand || building ? (
              <Button
                onClick={() => update({ careTag: undefined, ageBand: undefined, buildingId: undefined })}
              >
                {t('register.clear')}
              </Button>
            ) : null}
          </details>
        </Form>
      </search>

      <section aria-labelledby={resultsId} aria-live="polite" style={{ marginTop: 16 }}>
        {!hasQuery ? null : results.isPending ? (
          <Loading />
        ) : results.isError ? (
          <ErrorAlert error={results.error} onRetry={() => void results.refetch()} />
        ) : (
          <>
            <Typography.Title level={2} id={resultsId} style={{ fontSize: 24 }} data-testid="register-count">
              {t('register.resultsCount', { count: results.data.items.length })}
            </Typography.Title>
            {results.data.items.length >= LIMIT ? (
              <Typography.Paragraph>{t('register.resultsLimited', { count: LIMIT })}</Typography.Paragraph>
            ) : null}
            {results.data.items.length === 0 ? (
              <Typography.Paragraph>{t('register.noResults')}</Typography.Paragraph>
            ) : (
              <ul className="linli-list" aria-labelledby={resultsId} data-testid="register-results">
                {results.data.items.map((hit) => (
                  <li key={hit.residentId} className="linli-list-item" data-testid="register-hit">
                    <Link to={`/households/${hit.householdId}`} className="linli-list-link">
                      <span className="linli-hit-name">{hit.name}</span>
                      <span className="linli-address">{hit.address.label}</span>
                      <span>
                        {t('register.personLine', {
                          gender: t(`households.${hit.gender}`),
                          age:
                            hit.age !== null
                              ? t('households.age', { age: hit.age })
                              : t('register.ageUnknown'),
                          relation: hit.relation,
                        })}
                      </span>
                      <span className="linli-matched">
                        <span aria-hidden="true">✓&nbsp;</span>
                        {t(`register.matchedBy.${hit.matchedBy}`)}
                      </span>
                    </Link>
                    <CareTags tags={hit.careTags} />
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
      </section>

      <section style={{ marginTop: 24 }} aria-label={t('register.manage')}>
        <Flex gap={12} wrap>
          <Link to="/buildings" className="linli-button-link linli-button-secondary">
            {t('register.openBuildings')}
          </Link>
          {canWrite ? (
            <>
              <Link to="/register/import" className="linli-button-link" data-testid="open-import">
                {t('register.import')}
              </Link>
              <DownloadButton path="/api/v1/register/export" fileName="register.xlsx">
                {t('register.export')}
              </DownloadButton>
            </>
          ) : null}
        </Flex>
      </section>
    </>
  );
}
