import { Radio, Typography } from 'antd';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { CARE_TAGS } from '../../../shared/careTags';
import { LENSES, type Lens, type TBuildingPicture, type TFlatCell } from '../../../shared/contracts/register';
import { BackLink } from '../../components/BackLink';
import { DownloadButton } from '../../components/DownloadButton';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { useBuildingPicture } from './api';

/**
 * Each lens key has a fill, a border and a symbol: the symbol and the words in the cell carry the
 * meaning, so nobody needs to tell colours apart. Every fill keeps dark text at ≥ 7:1.
 */
const KEY_STYLE: Record<string, { background: string; border: string; symbol: string }> = {
  none: { background: '#ffffff', border: '#8c8c8c', symbol: '' },
  lives_alone: { background: '#fde2e2', border: '#b91c1c', symbol: '●' },
  elderly_alone: { background: '#fde7c8', border: '#9a3412', symbol: '◆' },
  hard_of_hearing: { background: '#e0e7ff', border: '#3730a3', symbol: '♪' },
  low_vision: { background: '#dbeafe', border: '#1d4ed8', symbol: '◎' },
  wheelchair: { background: '#d1fae5', border: '#047857', symbol: '♿' },
  cannot_read: { background: '#fef9c3', border: '#854d0e', symbol: '✎' },
  bedridden: { background: '#fce7f3', border: '#9d174d', symbol: '▲' },
  dementia: { background: '#ede9fe', border: '#6d28d9', symbol: '✱' },
  no_leader: { background: '#fde2e2', border: '#b91c1c', symbol: '⚠' },
  covered: { background: '#dcfce7', border: '#166534', symbol: '✓' },
  open_reports: { background: '#fee2e2', border: '#991b1b', symbol: '!' },
  no_reports: { background: '#f0fdf4', border: '#166534', symbol: '·' },
  visit_overdue: { background: '#fee2e2', border: '#991b1b', symbol: '!' },
  visit_due_soon: { background: '#fef9c3', border: '#854d0e', symbol: '◔' },
  visit_on_track: { background: '#dcfce7', border: '#166534', symbol: '✓' },
  no_care_plan: { background: '#ffffff', border: '#8c8c8c', symbol: '' },
  checkin_escalated: { background: '#fecaca', border: '#7f1d1d', symbol: '‼' },
  checkin_missed: { background: '#fee2e2', border: '#991b1b', symbol: '!' },
  checkin_due: { background: '#fef9c3', border: '#854d0e', symbol: '◔' },
  checkin_resolved: { background: '#e0e7ff', border: '#3730a3', symbol: '✔' },
  checkin_done: { background: '#dcfce7', border: '#166534', symbol: '✓' },
  no_checkin: { background: '#ffffff', border: '#8c8c8c', symbol: '' },
  vacant: { background: '#ffffff', border: '#8c8c8c', symbol: '○' },
  hidden: { background: '#d9d9d9', border: '#595959', symbol: '–' },
};

const LENS_KEYS: Record<Lens, readonly string[]> = {
  care: ['none', ...CARE_TAGS],
  no_leader: ['no_leader', 'covered'],
  reports: ['open_reports', 'no_reports'],
  visits: ['visit_overdue', 'visit_due_soon', 'visit_on_track', 'no_care_plan'],
  checkins: [
    'checkin_escalated',
    'checkin_missed',
    'checkin_due',
    'checkin_resolved',
    'checkin_done',
    'no_checkin',
  ],
};

function isLens(value: string | null): value is Lens {
  return value !== null && (LENSES as readonly string[]).includes(value);
}

function cellKey(cell: TFlatCell): string {
  return cell.state === 'household' ? cell.lensKey : cell.state;
}

export function BuildingPicturePage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const lensParam = params.get('lens');
  const lens: Lens = isLens(lensParam) ? lensParam : 'care';
  const picture = useBuildingPicture(id, lens);
  const lensLabelId = useId();

  return (
    <>
      <BackLink to="/buildings">{t('buildings.heading')}</BackLink>
      {picture.isPending ? (
        <Loading />
      ) : picture.isError ? (
        <>
          <h1 className="linli-visually-hidden">{t('buildings.heading')}</h1>
          <ErrorAlert error={picture.error} onRetry={() => void picture.refetch()} />
        </>
      ) : (
        <>
          <Typography.Title level={1} style={{ fontSize: 30, marginTop: 8 }} data-testid="picture-heading">
            {t('picture.heading', { number: picture.data.building.number })}
            {picture.data.building.name &&
            picture.data.building.name !== `${picture.data.building.number}号楼`
              ? ` · ${picture.data.building.name}`
              : ''}
          </Typography.Title>
          <div style={{ marginBottom: 12 }}>
            {/* The QR notice for the board: residents scan it to report without an account. */}
            <DownloadButton
              path={`/api/v1/buildings/${picture.data.building.id}/notice.svg`}
              fileName={`notice-${picture.data.building.number}.svg`}
              testId="building-notice"
            >
              {t('picture.notice')}
            </DownloadButton>
          </div>
          <div style={{ marginBottom: 12 }}>
            <div id={lensLabelId} className="linli-stat-label" style={{ marginBottom: 4 }}>
              {t('picture.lensLabel')}
            </div>
            {/* Buttons that wrap onto two rows: a segmented bar cut the names to "照… 楼…" on a phone. */}
            <Radio.Group
              aria-labelledby={lensLabelId}
              className="linli-choice-grid linli-lens-grid"
              optionType="button"
              value={lens}
              onChange={(e) => {
                const next = new URLSearchParams(params);
                next.set('lens', e.target.value as Lens);
                setParams(next, { replace: true });
              }}
              options={LENSES.map((value) => ({ value, label: t(`picture.lens.${value}`) }))}
              data-testid="lens-switch"
            />
          </div>
          <Legend picture={picture.data} />
          <Typography.Paragraph className="linli-stat-label">{t('picture.scrollHint')}</Typography.Paragraph>
          {picture.data.entrances.map((entrance) => (
            <EntranceGrid key={entrance.id} entrance={entrance} />
          ))}
        </>
      )}
    </>
  );
}

function keyLabel(t: (key: string) => string, key: string): string {
  if ((CARE_TAGS as readonly string[]).includes(key)) return t(`careTags.${key}`);
  return t(`picture.${key}`);
}

function Legend({ picture }: { picture: TBuildingPicture }) {
  const { t } = useTranslation();
  const headingId = useId();
  const counts = new Map<string, number>();
  for (const entrance of picture.entrances) {
    for (const floor of entrance.floors) {
      for (const cell of floor.flats) counts.set(cellKey(cell), (counts.get(cellKey(cell)) ?? 0) + 1);
    }
  }
  const keys = [...LENS_KEYS[picture.lens], 'vacant', 'hidden'].filter(
    (key) => (counts.get(key) ?? 0) > 0 || LENS_KEYS[picture.lens].includes(key),
  );
  return (
    <section aria-labelledby={headingId} style={{ marginBottom: 8 }}>
      <h2 id={headingId} className="linli-subheading">
        {t('picture.legend')}
      </h2>
      <ul className="linli-legend" data-testid="picture-legend">
        {keys.map((key) => {
          const style = KEY_STYLE[key] ?? KEY_STYLE.none;
          return (
            <li key={key}>
              <span
                className="linli-swatch"
                aria-hidden="true"
                style={{ background: style?.background, borderColor: style?.border }}
              >
                {style?.symbol}
              </span>
              {keyLabel(t, key)}
              <span className="linli-legend-count">（{counts.get(key) ?? 0}）</span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function EntranceGrid({ entrance }: { entrance: TBuildingPicture['entrances'][number] }) {
  const { t } = useTranslation();
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} style={{ marginBottom: 20 }} data-testid="picture-entrance">
      <h2 id={headingId} className="linli-subheading">
        {t('picture.entrance', { number: entrance.number })}
      </h2>
      {/* A wide entrance scrolls sideways; the keyboard can reach and scroll it too. */}
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be focusable to scroll by keyboard */}
      <section className="linli-grid-scroll" tabIndex={0} aria-labelledby={headingId}>
        <table className="linli-grid">
          <caption className="linli-visually-hidden">
            {t('picture.entranceTable', { number: entrance.number })}
          </caption>
          <thead className="linli-visually-hidden">
            <tr>
              <th scope="col">{t('picture.floorHeader')}</th>
              <th scope="col">{t('picture.flatsHeader')}</th>
            </tr>
          </thead>
          <tbody>
            {entrance.floors.map((floor) => (
              <tr key={floor.floor}>
                <th scope="row" className="linli-grid-floor">
                  {t('picture.floor', { floor: floor.floor })}
                </th>
                <td>
                  <div className="linli-grid-row">
                    {floor.flats.map((cell) => (
                      <FlatCell key={cell.room} cell={cell} />
                    ))}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </section>
  );
}

function FlatCell({ cell }: { cell: TFlatCell }) {
  const { t } = useTranslation();
  const key = cellKey(cell);
  const style = KEY_STYLE[key] ?? KEY_STYLE.none;
  const visual = { background: style?.background, borderColor: style?.border };
  const marker =
    key === 'none' ? null : key === 'hidden' ? (
      <span className="linli-cell-mark">
        <span aria-hidden="true">{style?.symbol}</span>
        <span className="linli-visually-hidden">{keyLabel(t, key)}</span>
      </span>
    ) : (
      <span className="linli-cell-mark">
        <span aria-hidden="true">{style?.symbol} </span>
        {keyLabel(t, key)}
      </span>
    );
  if (cell.state === 'household' && cell.householdId) {
    return (
      <Link
        to={`/households/${cell.householdId}`}
        className="linli-cell linli-cell-link"
        style={visual}
        data-testid="flat-cell"
        data-lens-key={key}
      >
        <span className="linli-cell-room">{cell.room}</span>
        {marker}
        <span className="linli-cell-people">{t('picture.people', { count: cell.memberCount })}</span>
      </Link>
    );
  }
  return (
    <span
      className={`linli-cell linli-cell-${cell.state}`}
      style={visual}
      data-testid="flat-cell"
      data-lens-key={key}
    >
      <span className="linli-cell-room">{cell.room}</span>
      {marker}
    </span>
  );
}
