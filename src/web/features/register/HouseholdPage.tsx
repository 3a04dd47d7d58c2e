import { Alert, Button, Card, Flex, Form, Modal, Select, Typography } from 'antd';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useOutletContext, useParams } from 'react-router';
import type { THousehold, TResident } from '../../../shared/contracts/registry';
import type { ShellContext } from '../../app/AppShell';
import { BackLink } from '../../components/BackLink';
import { CareTags } from '../../components/CareTags';
import { DateField } from '../../components/DateField';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { ReadAloudButton } from '../../components/ReadAloud';
import { dateTime, shortDate, todayIso } from '../../lib/dates';
import { useHousehold, useLiaisonTree } from '../../lib/queries';
import { canCreateReports, canReadWelfare, canWriteRegister } from '../../lib/roles';
import { nodesOfTier } from '../../lib/tree';
import { useDesk } from '../../lib/useDesk';
import { CarePlansSection } from '../care/CarePlansSection';
import { useCatalogue, useReports } from '../reports/api';
import { ReportList } from '../reports/ReportBits';
import {
  useAssignHousehold,
  useHouseholdCoverHistory,
  useHouseholdHistory,
  useMoveOutHousehold,
  useMoveOutResident,
} from './api';
import { entryText } from './historyText';
import { MoveOutModal } from './MoveOutModal';
import { ResidentFormDrawer } from './ResidentForm';

export function HouseholdPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const household = useHousehold(id);

  return (
    <>
      <BackLink to="/register">{t('register.heading')}</BackLink>
      {household.isPending ? (
        <Loading />
      ) : household.isError ? (
        <>
          <h1 className="linli-visually-hidden">{t('households.heading')}</h1>
          <ErrorAlert error={household.error} onRetry={() => void household.refetch()} />
        </>
      ) : (
        <HouseholdDetail household={household.data} />
      )}
    </>
  );
}

function HouseholdDetail({ household }: { household: THousehold }) {
  const { t } = useTranslation();
  const { session } = useOutletContext<ShellContext>();
  const canWrite = canWriteRegister(session.user.role);
  const membersId = useId();
  const liaisonId = useId();
  const [editing, setEditing] = useState<{ resident?: TResident } | null>(null);
  const [movingOut, setMovingOut] = useState<TResident | null>(null);
  const [householdMovingOut, setHouseholdMovingOut] = useState(false);
  const [reassigning, setReassigning] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const moveOutResident = useMoveOutResident();
  const moveOutHousehold = useMoveOutHousehold();
  const navigate = useNavigate();
  const desk = useDesk();

  return (
    <>
      {/* At a desk: the household on the left, its people and records on the right; one column on a phone. */}
      <div className={desk ? 'linli-desk-two-columns' : undefined} data-testid="household-columns">
        <div>
          <div className="linli-readable" data-testid="household-summary">
            <Typography.Title
              level={1}
              style={{ fontSize: 30, marginTop: 8 }}
              data-testid="household-heading"
            >
              {t('households.detailHeading', { label: household.address.label })}
            </Typography.Title>
            <CareTags tags={household.careTags} />
            <ReadAloudButton />
          </div>
          {canCreateReports(session.user.role) ? (
            <div style={{ marginBlock: 12 }}>
              <Link
                to={`/reports/new?householdId=${encodeURIComponent(household.id)}`}
                className="linli-button-link linli-big-action"
                data-testid="something-wrong"
              >
                <span aria-hidden="true">⚠&nbsp;</span>
                {t('reports.somethingWrong')}
              </Link>
            </div>
          ) : null}
          {canReadWelfare(session.user.role) ? (
            <Link
              to={`/households/${encodeURIComponent(household.id)}/welfare`}
              className="linli-strong-link"
              data-testid="household-welfare"
            >
              {t('welfare.heading')}
            </Link>
          ) : null}
          {notice ? (
            <Alert
              type="success"
              showIcon
              role="status"
              title={notice}
              closable={{ 'aria-label': t('householdEdit.cancel') }}
              onClose={() => setNotice(null)}
              style={{ marginBlock: 12 }}
            />
          ) : null}

          <section aria-labelledby={liaisonId}>
            <Typography.Title level={2} id={liaisonId} style={{ fontSize: 24 }}>
              {t('households.liaisonHeading')}
            </Typography.Title>
            {household.liaisonPath.length === 0 ? (
              <Typography.Paragraph>{t('households.noLiaison')}</Typography.Paragraph>
            ) : (
              <>
                <Typography.Paragraph>{t('households.liaisonIntro')}</Typography.Paragraph>
                <ol className="linli-list" aria-labelledby={liaisonId}>
                  {household.liaisonPath.map((contact) => (
                    <li key={`${contact.tier}-${contact.name}`} className="linli-list-item">
                      <span>
                        <span className="linli-stat-label">{t(`tiers.${contact.tier}`)}</span>
                        <br />
                        <strong style={{ fontSize: 20 }}>{contact.name}</strong>
                      </span>
                      {contact.phone ? (
                        <a className="linli-button-link" href={`tel:${contact.phone}`}>
                          <span className="linli-visually-hidden">
                            {t('households.call', { name: contact.name })}{' '}
                          </span>
                          <span aria-hidden="true">☎&nbsp;</span>
                          {contact.phone}
                        </a>
                      ) : (
                        <span>{t('households.noPhone')}</span>
                      )}
                    </li>
                  ))}
                </ol>
              </>
            )}
            {canWrite ? (
              <Button size="large" style={{ marginTop: 12 }} onClick={() => setReassigning(true)}>
                {t('householdEdit.reassign')}
              </Button>
            ) : null}
          </section>
        </div>
        <div>
          <section aria-labelledby={membersId} className="linli-readable" data-testid="household-members">
            <Typography.Title level={2} id={membersId} style={{ fontSize: 24 }}>
              {t('households.membersHeading')}
            </Typography.Title>
            <ReadAloudButton />
            <ul className="linli-list" aria-labelledby={membersId}>
              {household.members.map((member) => (
                <li key={member.id} data-testid="household-member">
                  <Card size="small">
                    <strong style={{ fontSize: 22 }}>{member.name}</strong>
                    <div>
                      {t(`households.${member.gender}`)}
                      {member.age !== null ? ` · ${t('households.age', { age: member.age })}` : ''}
                      {member.relation ? ` · ${t('households.relation', { relation: member.relation })}` : ''}
                    </div>
                    <CareTags tags={member.careTags} />
                    {member.phone ? (
                      <div>
                        <a className="linli-tel" href={`tel:${member.phone}`}>
                          <span className="linli-visually-hidden">
                            {t('households.call', { name: member.name })}{' '}
                          </span>
                          <span aria-hidden="true">☎&nbsp;</span>
                          {member.phone}
                        </a>
                      </div>
                    ) : null}
                    {canWrite ? (
                      <Flex gap={8} wrap style={{ marginTop: 8 }}>
                        <Button
                          size="large"
                          onClick={() => setEditing({ resident: member })}
                          aria-label={`${t('householdEdit.edit')} ${member.name}`}
                        >
                          {t('householdEdit.edit')}
                        </Button>
                        <Button
                          size="large"
                          danger
                          onClick={() => {
                            moveOutResident.reset();
                            setMovingOut(member);
                          }}
                          aria-label={`${t('householdEdit.moveOut')} ${member.name}`}
                        >
                          {t('householdEdit.moveOut')}
                        </Button>
                      </Flex>
                    ) : null}
                  </Card>
                </li>
              ))}
            </ul>
            {canWrite ? (
              <Flex gap={12} wrap style={{ marginTop: 16 }}>
                <Button type="primary" size="large" onClick={() => setEditing({})}>
                  <span aria-hidden="true">＋&nbsp;</span>
                  {t('householdEdit.addResident')}
                </Button>
                <Button
                  size="large"
                  danger
                  onClick={() => {
                    moveOutHousehold.reset();
                    setHouseholdMovingOut(true);
                  }}
                >
                  {t('householdEdit.moveOutHousehold')}
                </Button>
              </Flex>
            ) : null}
          </section>

          <CarePlansSection household={household} role={session.user.role} />
          <HouseholdReports householdId={household.id} />
          <CoverHistory householdId={household.id} />
          <History householdId={household.id} />
        </div>
      </div>

      {canWrite ? (
        <>
          <ResidentFormDrawer
            open={editing !== null}
            householdId={household.id}
            {...(editing?.resident ? { resident: editing.resident } : {})}
            onClose={(saved) => {
              setEditing(null);
              if (saved) setNotice(t('householdEdit.saved'));
            }}
          />
          <MoveOutModal
            open={movingOut !== null}
            title={t('householdEdit.moveOutTitle', { name: movingOut?.name ?? '' })}
            onCancel={() => setMovingOut(null)}
            pending={moveOutResident.isPending}
            error={moveOutResident.error}
            onConfirm={(body) => {
              if (!movingOut) return;
              moveOutResident.mutate(
                { id: movingOut.id, body },
                {
                  onSuccess: () => {
                    setMovingOut(null);
                    setNotice(t('householdEdit.movedOut'));
                  },
                },
              );
            }}
          />
          <MoveOutModal
            open={householdMovingOut}
            title={t('householdEdit.moveOutHouseholdTitle', { label: household.address.label })}
            onCancel={() => setHouseholdMovingOut(false)}
            pending={moveOutHousehold.isPending}
            error={moveOutHousehold.error}
            onConfirm={(body) =>
              moveOutHousehold.mutate(
                { id: household.id, body },
                {
                  onSuccess: () => {
                    setHouseholdMovingOut(false);
                    void navigate('/register', {
                      state: { notice: t('householdEdit.householdGone') },
                    });
                  },
                },
              )
            }
          />
          <ReassignLeaderModal
            open={reassigning}
            household={household}
            onClose={(saved) => {
              setReassigning(false);
              if (saved) setNotice(t('householdEdit.saved'));
            }}
          />
        </>
      ) : null}
    </>
  );
}

function ReassignLeaderModal({
  open,
  household,
  onClose,
}: {
  open: boolean;
  household: THousehold;
  onClose: (saved: boolean) => void;
}) {
  const { t } = useTranslation();
  const tree = useLiaisonTree(household.communityId, open);
  const assign = useAssignHousehold();
  const [positionId, setPositionId] = useState<string | undefined>();
  const [validFrom, setValidFrom] = useState(todayIso());
  const leaders = tree.data ? nodesOfTier(tree.data.roots, 'building_leader') : [];

  return (
    <Modal
      open={open}
      title={t('householdEdit.reassignTitle', { label: household.address.label })}
      onCancel={() => onClose(false)}
      okText={t('householdEdit.save')}
      cancelText={t('householdEdit.cancel')}
      okButtonProps={{ size: 'large', disabled: !positionId || !validFrom, loading: assign.isPending }}
      cancelButtonProps={{ size: 'large' }}
      destroyOnHidden
      onOk={() => {
        if (!positionId) return;
        assign.mutate({ id: household.id, positionId, validFrom }, { onSuccess: () => onClose(true) });
      }}
    >
      {assign.isError ? <ErrorAlert error={assign.error} style={{ marginBottom: 16 }} /> : null}
      {tree.isError ? <ErrorAlert error={tree.error} onRetry={() => void tree.refetch()} /> : null}
      <Form layout="vertical" component="div">
        <Form.Item label={t('householdEdit.leader')} htmlFor="reassign-leader">
          <Select
            id="reassign-leader"
            size="large"
            loading={tree.isPending}
            showSearch={{ optionFilterProp: 'label' }}
            value={positionId}
            placeholder={t('householdEdit.leaderPlaceholder')}
            onChange={(value: string) => setPositionId(value)}
            options={leaders.map((leader) => ({
              value: leader.positionId,
              label: t('householdEdit.leaderOption', { name: leader.personName, count: leader.households }),
            }))}
          />
        </Form.Item>
        <Form.Item label={t('householdEdit.validFrom')} htmlFor="reassign-from">
          <DateField id="reassign-from" value={validFrom} onChange={setValidFrom} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function CoverHistory({ householdId }: { householdId: string }) {
  const { t } = useTranslation();
  const headingId = useId();
  const cover = useHouseholdCoverHistory(householdId);
  return (
    <section aria-labelledby={headingId}>
      <Typography.Title level={2} id={headingId} style={{ fontSize: 24 }}>
        {t('householdEdit.coverHeading')}
      </Typography.Title>
      {cover.isPending ? (
        <Loading />
      ) : cover.isError ? (
        <ErrorAlert error={cover.error} onRetry={() => void cover.refetch()} />
      ) : cover.data.items.length === 0 ? (
        <Typography.Paragraph>{t('householdEdit.noCover')}</Typography.Paragraph>
      ) : (
        <ul className="linli-list" aria-labelledby={headingId}>
          {cover.data.items.map((period) => (
            <li key={`${period.positionId}-${period.validFrom}`} className="linli-list-item">
              <span>
                <span className="linli-stat-label">{t(`tiers.${period.tier}`)}</span>
                <br />
                <Link to={`/chain/positions/${period.positionId}`} className="linli-strong-link">
                  {period.personName}
                </Link>
              </span>
              <span>
                {t('householdEdit.period', {
                  from: shortDate(period.validFrom),
                  to: period.validTo ? shortDate(period.validTo) : t('householdEdit.toNow'),
                })}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function History({ householdId }: { householdId: string }) {
  const { t } = useTranslation();
  const headingId = useId();
  const history = useHouseholdHistory(householdId);
  // Report categories are named from the catalogue, in the reader's language.
  const catalogue = useCatalogue();
  const categoryName = (code: string) => catalogue.data?.categories.find((c) => c.code === code)?.name;
  return (
    <section aria-labelledby={headingId} data-testid="household-history">
      <Typography.Title level={2} id={headingId} style={{ fontSize: 24 }}>
        {t('householdEdit.historyHeading')}
      </Typography.Title>
      {history.isPending ? (
        <Loading />
      ) : history.isError ? (
        <ErrorAlert error={history.error} onRetry={() => void history.refetch()} />
      ) : history.data.items.length === 0 ? (
        <Typography.Paragraph>{t('householdEdit.noHistory')}</Typography.Paragraph>
      ) : (
        <ol className="linli-list" aria-labelledby={headingId}>
          {history.data.items.map((entry) => {
            const text = entryText(entry, t, categoryName);
            return (
              <li key={entry.id} className="linli-list-item" style={{ display: 'block' }}>
                <div>
                  <strong>{text.title}</strong>
                  {entry.residentName ? ` · ${entry.residentName}` : ''}
                </div>
                <div className="linli-stat-label">
                  {dateTime(entry.at)} ·{' '}
                  {t('plain.history.by', { who: entry.actorName ?? t('householdEdit.system') })}
                </div>
                {text.lines.length > 0 ? (
                  <ul style={{ margin: '4px 0 0', paddingInlineStart: 20 }}>
                    {text.lines.map((line, index) => (
                      // biome-ignore lint/suspicious/noArrayIndexKey: the lines of one entry never reorder
                      <li key={index}>{line}</li>
                    ))}
                  </ul>
                ) : null}
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}

function HouseholdReports({ householdId }: { householdId: string }) {
  const { t } = useTranslation();
  const reports = useReports('all', householdId, 20);
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} data-testid="household-reports">
      <Typography.Title level={2} id={headingId} style={{ fontSize: 24 }}>
        {t('reports.householdReports')}
      </Typography.Title>
      {reports.isPending ? (
        <Loading />
      ) : reports.isError ? (
        <ErrorAlert error={reports.error} onRetry={() => void reports.refetch()} />
      ) : reports.data.items.length === 0 ? (
        <Typography.Paragraph>{t('reports.householdNoReports')}</Typography.Paragraph>
      ) : (
        <ReportList reports={reports.data.items} labelledBy={headingId} />
      )}
    </section>
  );
}
