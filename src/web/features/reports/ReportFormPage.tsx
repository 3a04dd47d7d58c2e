import { Alert, Button, Flex, Input, Radio, Select, Typography } from 'antd';
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { THousehold } from '../../../shared/contracts/registry';
import type { TCatalogue, TReportInput } from '../../../shared/contracts/reports';
import { BackLink } from '../../components/BackLink';
import { CareTags } from '../../components/CareTags';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { OutboxList } from '../../components/Outbox';
import { dismissRefused, submitReport } from '../../lib/outbox';
import { useBuildings, useHousehold, useResidentSearch } from '../../lib/queries';
import { useCatalogue } from './api';
import { ReportSent, type Submitted } from './ReportSent';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_DESCRIPTION = 4000;

type Behalf = { kind: 'none' } | { kind: 'member'; id: string; name: string } | { kind: 'other' };

type Result = Submitted | { status: 'refused'; message: string };

export function ReportFormPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const param = params.get('householdId') ?? '';
  const fromHousehold = UUID.test(param) ? param : undefined;
  const catalogue = useCatalogue();

  return (
    <>
      {fromHousehold ? (
        <BackLink to={`/households/${fromHousehold}`}>{t('app.back')}</BackLink>
      ) : (
        <BackLink to="/reports">{t('reports.listHeading')}</BackLink>
      )}
      <Typography.Title level={1} style={{ fontSize: 28, marginTop: 8 }}>
        {t('reports.newHeading')}
      </Typography.Title>
      <Typography.Paragraph>{t('reports.newIntro')}</Typography.Paragraph>
      {catalogue.data ? (
        <ReportForm catalogue={catalogue.data} initialHouseholdId={fromHousehold} />
      ) : catalogue.isError ? (
        <ErrorAlert error={catalogue.error} onRetry={() => void catalogue.refetch()} />
      ) : (
        <Loading />
      )}
      <div style={{ marginTop: 24 }}>
        <OutboxList />
      </div>
    </>
  );
}

function feedbackText(t: (key: string, options?: Record<string, unknown>) => string, hours: number): string {
  return hours >= 48 && hours % 24 === 0
    ? t('reports.feedbackDays', { count: hours / 24 })
    : t('reports.feedbackHours', { count: hours });
}

function ReportForm({
  catalogue,
  initialHouseholdId,
}: {
  catalogue: TCatalogue;
  initialHouseholdId: string | undefined;
}) {
  const { t } = useTranslation();
  const ids = {
    category: useId(),
    urgency: useId(),
    where: useId(),
    behalf: useId(),
    description: useId(),
    behalfName: useId(),
    building: useId(),
    entrance: useId(),
  };
  const categories = catalogue.categories.filter((c) => c.active);
  const [category, setCategory] = useState<string | undefined>();
  const [urgency, setUrgency] = useState<string | undefined>();
  const [mode, setMode] = useState<'household' | 'place'>('household');
  const [householdId, setHouseholdId] = useState<string | undefined>(initialHouseholdId);
  const [householdLabel, setHouseholdLabel] = useState<string | undefined>();
  const [buildingId, setBuildingId] = useState<string | undefined>();
  const [entranceId, setEntranceId] = useState<string | undefined>();
  const [behalf, setBehalf] = useState<Behalf>({ kind: 'none' });
  const [behalfName, setBehalfName] = useState('');
  const [description, setDescription] = useState('');
  const [tried, setTried] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [result, setResult] = useState<Result | null>(null);
  const buildings = useBuildings();

  const chosenCategory = categories.find((c) => c.code === category);
  const chosenUrgency = catalogue.urgencies.find(
    (u) => u.code === (urgency ?? chosenCategory?.defaultUrgency),
  );
  const building = buildings.data?.items.find((b) => b.id === buildingId);
  const entrance = building?.entrances.find((e) => e.id === entranceId);

  const errors = {
    category: !category ? t('reports.requiredCategory') : null,
    where:
      (mode === 'household' && !householdId) || (mode === 'place' && !buildingId)
        ? t('reports.requiredWhere')
        : null,
    description: description.trim().length === 0 ? t('reports.requiredDescription') : null,
  };

  function placeLabel(): string {
    if (mode === 'household') return householdLabel ?? '';
    if (!building) return '';
    const name = t('reports.buildingOption', { number: building.number });
    return entrance ? `${name} ${t('reports.entranceOption', { number: entrance.number })}` : name;
  }

  function reset() {
    setCategory(undefined);
    setUrgency(undefined);
    setBehalf({ kind: 'none' });
    setBehalfName('');
    setDescription('');
    setTried(false);
  }

  async function submit() {
    setTried(true);
    setResult(null);
    if (errors.category || errors.where || errors.description || !chosenCategory) return;
    const body: TReportInput = {
      category: chosenCategory.code,
      description: description.trim(),
      ...(chosenUrgency ? { urgency: chosenUrgency.code } : {}),
      ...(mode === 'household' && householdId
        ? { householdId }
        : { ...(buildingId ? { buildingId } : {}), ...(entranceId ? { entranceId } : {}) }),
      ...(behalf.kind === 'member' ? { onBehalfOfResidentId: behalf.id } : {}),
      ...(behalf.kind === 'other' && behalfName.trim()
        ? { onBehalfOfName: behalfName.trim().slice(0, 40) }
        : {}),
    };
    const onBehalfOf =
      behalf.kind === 'member'
        ? behalf.name
        : behalf.kind === 'other' && behalfName.trim()
          ? behalfName.trim()
          : null;
    setSubmitting(true);
    try {
      const outcome = await submitReport(body, {
        category: chosenCategory.name,
        place: placeLabel(),
        onBehalfOf,
      });
      if (outcome.status === 'refused') {
        // The form still holds the words: no need to keep a second copy in the outbox.
        dismissRefused(outcome.key);
        setResult({ status: 'refused', message: outcome.message });
      } else {
        setResult(
          outcome.status === 'sent'
            ? { status: 'sent', reportId: outcome.report.id }
            : { status: 'waiting', key: outcome.key },
        );
        reset();
      }
    } finally {
      setSubmitting(false);
    }
  }

  const showError = (message: string | null) =>
    tried && message ? (
      <div className="linli-field-error" role="alert">
        {message}
      </div>
    ) : null;

  if (result && result.status !== 'refused') {
    return <ReportSent submitted={result} onAnother={() => setResult(null)} />;
  }

  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
      data-testid="report-form"
    >
      {result ? <RefusedNotice message={result.message} onClose={() => setResult(null)} /> : null}

      <fieldset className="linli-fieldset">
        <legend className="linli-subheading" id={ids.category}>
          {t('reports.category')}
        </legend>
        <Radio.Group
          className="linli-choice-grid"
          optionType="button"
          buttonStyle="solid"
          aria-labelledby={ids.category}
          name="report-category"
          value={category}
          onChange={(event) => {
            setCategory(event.target.value as string);
            setUrgency(undefined);
          }}
        >
          {categories.map((c) => {
            const emergency =
              catalogue.urgencies.find((u) => u.code === c.defaultUrgency)?.emergency ?? false;
            return (
              <Radio.Button
                key={c.code}
                value={c.code}
                className={emergency ? 'linli-choice-emergency' : undefined}
              >
                {emergency ? <span aria-hidden="true">⚠&nbsp;</span> : null}
                {c.name}
              </Radio.Button>
            );
          })}
        </Radio.Group>
        {showError(errors.category)}
      </fieldset>

      {chosenCategory ? (
        <fieldset className="linli-fieldset">
          <legend className="linli-subheading" id={ids.urgency}>
            {t('reports.urgency')}
          </legend>
          <Typography.Paragraph style={{ marginBottom: 8 }}>{t('reports.urgencyHint')}</Typography.Paragraph>
          <Radio.Group
            className="linli-choice-grid"
            optionType="button"
            buttonStyle="solid"
            aria-labelledby={ids.urgency}
            name="report-urgency"
            value={chosenUrgency?.code}
            onChange={(event) => setUrgency(event.target.value as string)}
          >
            {catalogue.urgencies.map((u) => (
              <Radio.Button
                key={u.code}
                value={u.code}
                className={u.emergency ? 'linli-choice-emergency' : undefined}
              >
                <span className="linli-choice-title">{u.name}</span>
                <span className="linli-choice-note">{feedbackText(t, u.feedbackHours)}</span>
              </Radio.Button>
            ))}
          </Radio.Group>
        </fieldset>
      ) : null}

      <fieldset className="linli-fieldset">
        <legend className="linli-subheading" id={ids.where}>
          {t('reports.where')}
        </legend>
        {initialHouseholdId && householdId === initialHouseholdId ? null : (
          <Radio.Group
            className="linli-choice-grid"
            optionType="button"
            aria-labelledby={ids.where}
            name="report-where"
            value={mode}
            onChange={(event) => setMode(event.target.value as 'household' | 'place')}
            style={{ marginBottom: 12 }}
          >
            <Radio.Button value="household">{t('reports.whereHousehold')}</Radio.Button>
            <Radio.Button value="place">{t('reports.wherePlace')}</Radio.Button>
          </Radio.Group>
        )}
        {mode === 'household' ? (
          householdId ? (
            <ChosenHousehold
              id={householdId}
              onLabel={setHouseholdLabel}
              onChange={() => {
                setHouseholdId(undefined);
                setHouseholdLabel(undefined);
                setBehalf({ kind: 'none' });
              }}
            />
          ) : (
            <HouseholdSearch
              onPick={(id, label, member) => {
                setHouseholdId(id);
                setHouseholdLabel(label);
                setBehalf(member ? { kind: 'member', ...member } : { kind: 'none' });
              }}
            />
          )
        ) : (
          <Flex vertical gap={8}>
            <label htmlFor={ids.building}>{t('reports.building')}</label>
            <Select
              id={ids.building}
              size="large"
              placeholder={t('reports.buildingPlaceholder')}
              value={buildingId}
              loading={buildings.isPending}
              onChange={(value: string) => {
                setBuildingId(value);
                setEntranceId(undefined);
              }}
              options={(buildings.data?.items ?? []).map((b) => ({
                value: b.id,
                label: t('reports.buildingOption', { number: b.number }),
              }))}
            />
            {building ? (
              <>
                <label htmlFor={ids.entrance}>{t('reports.entrance')}</label>
                <Select
                  id={ids.entrance}
                  size="large"
                  value={entranceId ?? ''}
                  onChange={(value: string) => setEntranceId(value || undefined)}
                  options={[
                    { value: '', label: t('reports.entranceAll') },
                    ...building.entrances.map((e) => ({
                      value: e.id,
                      label: t('reports.entranceOption', { number: e.number }),
                    })),
                  ]}
                />
              </>
            ) : null}
          </Flex>
        )}
        {showError(errors.where)}
      </fieldset>

      <fieldset className="linli-fieldset">
        <legend className="linli-subheading" id={ids.behalf}>
          {t('reports.onBehalf')}
        </legend>
        <Typography.Paragraph style={{ marginBottom: 8 }}>{t('reports.onBehalfHint')}</Typography.Paragraph>
        {mode === 'household' && householdId ? (
          <BehalfMembers
            householdId={householdId}
            behalf={behalf}
            onChange={setBehalf}
            labelledBy={ids.behalf}
          />
        ) : (
          <Radio.Group
            className="linli-choice-list"
            aria-labelledby={ids.behalf}
            name="report-behalf"
            value={behalf.kind === 'other' ? 'other' : 'none'}
            onChange={(event) =>
              setBehalf(event.target.value === 'other' ? { kind: 'other' } : { kind: 'none' })
            }
          >
            <Radio value="none">{t('reports.onBehalfNobody')}</Radio>
            <Radio value="other">{t('reports.onBehalfOther')}</Radio>
          </Radio.Group>
        )}
        {behalf.kind === 'other' ? (
          <div style={{ marginTop: 8 }}>
            <label htmlFor={ids.behalfName}>{t('reports.onBehalfName')}</label>
            <Input
              id={ids.behalfName}
              size="large"
              maxLength={40}
              value={behalfName}
              onChange={(event) => setBehalfName(event.target.value)}
            />
          </div>
        ) : null}
      </fieldset>

      <div className="linli-fieldset">
        <label htmlFor={ids.description} className="linli-subheading" style={{ display: 'block' }}>
          {t('reports.description')}
        </label>
        <Input.TextArea
          id={ids.description}
          rows={5}
          maxLength={MAX_DESCRIPTION}
          showCount
          placeholder={t('reports.descriptionPlaceholder')}
          value={description}
          aria-invalid={tried && errors.description ? true : undefined}
          onChange={(event) => setDescription(event.target.value)}
          style={{ fontSize: 20 }}
        />
        {showError(errors.description)}
      </div>

      <Button
        type="primary"
        size="large"
        htmlType="submit"
        block
        loading={submitting}
        style={{ marginTop: 16 }}
      >
        {t('reports.submit')}
      </Button>
    </form>
  );
}

function RefusedNotice({ message, onClose }: { message: string; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Alert
      showIcon
      style={{ marginBottom: 16 }}
      closable={{ 'aria-label': t('outbox.dismiss') }}
      onClose={onClose}
      type="error"
      role="alert"
      title={t('reports.refusedNotice', { message: message || t('errors.unknown') })}
    />
  );
}

function ChosenHousehold({
  id,
  onLabel,
  onChange,
}: {
  id: string;
  onLabel: (label: string) => void;
  onChange: () => void;
}) {
  const { t } = useTranslation();
  const household = useHousehold(id);
  const label = household.data?.address.label;
  useEffect(() => {
    if (label) onLabel(label);
  }, [label, onLabel]);
  return (
    <Flex align="center" justify="space-between" wrap gap={8} className="linli-list-item">
      <strong style={{ fontSize: 22 }} data-testid="report-household">
        {label ? t('reports.householdChosen', { label }) : t('app.loading')}
      </strong>
      <Button size="large" onClick={onChange}>
        {t('reports.changeHousehold')}
      </Button>
    </Flex>
  );
}

function HouseholdSearch({
  onPick,
}: {
  onPick: (id: string, label: string, member?: { id: string; name: string }) => void;
}) {
  const { t } = useTranslation();
  const inputId = useId();
  const resultsId = useId();
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  const search = useResidentSearch({ q, limit: 10 }, q.length > 0);
  return (
    <div>
      <label htmlFor={inputId}>{t('reports.householdSearch')}</label>
      <Flex gap={8}>
        <Input
          id={inputId}
          size="large"
          maxLength={40}
          placeholder={t('reports.householdPlaceholder')}
          value={text}
          onChange={(event) => setText(event.target.value)}
          onPressEnter={(event) => {
            event.preventDefault();
            setQ(text.trim());
          }}
        />
        <Button size="large" onClick={() => setQ(text.trim())}>
          {t('reports.householdSearchButton')}
        </Button>
      </Flex>
      {q && search.isError ? <ErrorAlert error={search.error} /> : null}
      {q && search.data ? (
        search.data.items.length === 0 ? (
          <Typography.Paragraph style={{ marginTop: 8 }}>{t('reports.noHits')}</Typography.Paragraph>
        ) : (
          <ul
            className="linli-list"
            aria-label={t('reports.householdSearch')}
            id={resultsId}
            style={{ marginTop: 8 }}
          >
            {search.data.items.map((hit) => (
              <li key={hit.residentId}>
                <Button
                  size="large"
                  block
                  onClick={() =>
                    onPick(hit.householdId, hit.address.label, { id: hit.residentId, name: hit.name })
                  }
                >
                  {t('reports.householdHit', { name: hit.name, label: hit.address.label })}
                </Button>
              </li>
            ))}
          </ul>
        )
      ) : null}
    </div>
  );
}

function BehalfMembers({
  householdId,
  behalf,
  onChange,
  labelledBy,
}: {
  householdId: string;
  behalf: Behalf;
  onChange: (behalf: Behalf) => void;
  labelledBy: string;
}) {
  const { t } = useTranslation();
  const household = useHousehold(householdId);
  const members: THousehold['members'] = household.data?.members ?? [];
  const value = behalf.kind === 'member' ? behalf.id : behalf.kind;
  return (
    <Radio.Group
      className="linli-choice-list"
      aria-labelledby={labelledBy}
      name="report-behalf"
      value={value}
      onChange={(event) => {
        const chosen = event.target.value as string;
        if (chosen === 'none' || chosen === 'other') onChange({ kind: chosen });
        else {
          const member = members.find((m) => m.id === chosen);
          if (member) onChange({ kind: 'member', id: member.id, name: member.name });
        }
      }}
    >
      {members.map((member) => (
        <Radio key={member.id} value={member.id} data-testid="behalf-member">
          <span>
            {member.age !== null
              ? t('reports.memberLine', { name: member.name, age: member.age })
              : member.name}
          </span>
          <CareTags tags={member.careTags} />
        </Radio>
      ))}
      <Radio value="none">{t('reports.onBehalfNobody')}</Radio>
      <Radio value="other">{t('reports.onBehalfOther')}</Radio>
    </Radio.Group>
  );
}
