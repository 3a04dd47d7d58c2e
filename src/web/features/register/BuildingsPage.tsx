import { Col, Row, Typography } from 'antd';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { BackLink } from '../../components/BackLink';
import { useCommunityChoice } from '../../components/CommunityPicker';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { useBuildings } from '../../lib/queries';

/** The community picture: one tile per building, tap for its floors and flats. */
export function BuildingsPage() {
  const { t } = useTranslation();
  const headingId = useId();
  const { communityId, picker } = useCommunityChoice();
  const buildings = useBuildings(communityId);

  return (
    <>
      <BackLink to="/">{t('app.backHome')}</BackLink>
      <Typography.Title level={1} id={headingId} style={{ fontSize: 30, marginTop: 8 }}>
        {t('buildings.heading')}
      </Typography.Title>
      <Typography.Paragraph>{t('buildings.intro')}</Typography.Paragraph>
      {picker}
      {buildings.isPending ? (
        <Loading />
      ) : buildings.isError ? (
        <ErrorAlert error={buildings.error} onRetry={() => void buildings.refetch()} />
      ) : buildings.data.items.length === 0 ? (
        <Typography.Paragraph>{t('buildings.empty')}</Typography.Paragraph>
      ) : (
        <Row gutter={[12, 12]} role="list" aria-labelledby={headingId}>
          {buildings.data.items.map((building) => (
            <Col key={building.id} xs={12} sm={8} md={6} role="listitem">
              <Link to={`/buildings/${building.id}`} className="linli-tile" data-testid="building-tile">
                <span className="linli-tile-number">{t('buildings.tile', { number: building.number })}</span>
                {building.name && building.name !== `${building.number}号楼` ? (
                  <span>{building.name}</span>
                ) : null}
                <span className="linli-tile-count">
                  {t('buildings.households', { count: building.households })}
                </span>
                <span className="linli-stat-label">
                  {t('buildings.shape', { floors: building.floors, entrances: building.entrances.length })}
                </span>
              </Link>
            </Col>
          ))}
        </Row>
      )}
    </>
  );
}
