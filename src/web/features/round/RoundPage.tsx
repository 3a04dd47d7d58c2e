import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Checkbox, Input, Radio, Typography } from 'antd';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type {
  DoorAnswer,
  DoorBecomes,
  DoorOutcome,
  TDoorInput,
  TRoundToday,
} from '../../../shared/contracts/round';
import { BackLink } from '../../components/BackLink';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { OutboxList } from '../../components/Outbox';
import { submitDoor, useOutbox } from '../../lib/outbox';
import { savedFloorOrder, saveFloorOrder, useRoundTasks, useRoundToday } from './api';
import { type FloorOrder, roundKeys } from './keys';
import './round.css';

type Door = TRoundToday['doors'][number];

const OUTCOMES: readonly DoorOutcome[] = ['handed', 'left', 'nobody_home', 'refused'];
const ANSWERS: readonly DoorAnswer[] = ['fine', 'needs_help', 'something_wrong'];

/**
 * The building leader's round of the day (issue 19): her doors in walking order, what each has waiting,
 * one tap per door. Handing over in person (or a refusal at the door) asks "还好 / 需要帮忙 / 有情况"; the
 * last two become a visit note, a follow-up or a report in the same step. Every tap goes through the
 * phone's outbox, so on the stairs with no signal it waits and is sent once.
 */
export function RoundPage() {
  const { t } = useTranslation();
  const [floors, setFloors] = useState<FloorOrder>(savedFloorOrder);
  const today = useRoundToday(floors);
  const headingId = useId();
  const [notice, setNotice] = useState<{ type: 'success' | 'info' | 'error'; text: string } | null>(null);
  const [noted, setNoted] = useState<Record<string, DoorOutcome>>({});
  const { waiting } = useOutbox();
  const waitingDoors = new Map<string, DoorOutcome>();
  for (const item of waiting)
    if (item.kind === 'round_door') waitingDoors.set(item.label.householdId, item.body.outcome);

  const choose = (order: FloorOrder) => {
    saveFloorOrder(order);
    setFloors(order);
  };

  return (
    <div className="linli-round" data-testid="round-page">
      <BackLink to="/">{t('app.back')}</BackLink>
      <Typography.Title level={1} id={headingId}>
        {t('round.heading')}
      </Typography.Title>
      <Typography.Paragraph>{t('round.intro')}</Typography.Paragraph>
      <RoundTasks />
      <fieldset style={{ border: 0, padding: 0, margin: '0 0 12px' }}>
        <legend style={{ fontSize: '1.15rem', marginBottom: 4 }}>{t('round.floorsLabel')}</legend>
        <Radio.Group
          value={floors}
          optionType="button"
          buttonStyle="solid"
          onChange={(e) => choose(e.target.value as FloorOrder)}
          options={(['bottom_up', 'top_down'] as const).map((order) => ({
            value: order,
            label: t(`round.floors.${order}`),
          }))}
          data-testid="round-floors"
        />
      </fieldset>
      {notice ? (
        <Alert
          type={notice.type}
          showIcon
          role="status"
          title={notice.text}
          closable={{ 'aria-label': t('round.cancel') }}
          onClose={() => setNotice(null)}
          style={{ marginBottom: 12, fontSize: '1.15rem' }}
          data-testid="round-notice"
        />
      ) : null}
      {today.isPending ? (
        <Loading />
      ) : today.isError ? (
        <ErrorAlert error={today.error} onRetry={() => void today.refetch()} />
      ) : (
        <Doors
          today={today.data}
          doneOf={(door) =>
            noted[door.householdId] ?? door.calledToday ?? waitingDoors.get(door.householdId) ?? null
          }
          waitingOf={(door) => waitingDoors.has(door.householdId)}
          onNoted={(door, outcome, text, type) => {
            setNoted((all) => ({ ...all, [door.householdId]: outcome }));
            setNotice({ type, text });
          }}
        />
      )}
      <nav className="linli-round-links" style={{ marginTop: 24 }} aria-label={t('round.heading')}>
        <Link to="/round/items" className="linli-button-link">
          {t('round.links.items')}
        </Link>
        <Link to="/round/waiting" className="linli-button-link">
          {t('round.links.waiting')}
        </Link>
        <Link to="/round/subscriptions" className="linli-button-link">
          {t('round.links.subscriptions')}
        </Link>
      </nav>
      <div style={{ marginTop: 24 }}>
        <OutboxList />
      </div>
    </div>
  );
}

function Doors({
  today,
  doneOf,
  waitingOf,
  onNoted,
}: {
  today: TRoundToday;
  doneOf: (door: Door) => DoorOutcome | null;
  waitingOf: (door: Door) => boolean;
  onNoted: (door: Door, outcome: DoorOutcome, text: string, type: 'success' | 'info' | 'error') => void;
}) {
  const { t } = useTranslation();
  if (today.doors.length === 0) return <Typography.Paragraph>{t('round.empty')}</Typography.Paragraph>;
  const done = today.doors.filter((d) => doneOf(d) !== null).length;
  // Walking order is the server's; a heading each time the entrance or the floor changes.
  const groups: { key: string; title: string; floors: { floor: number; doors: Door[] }[] }[] = [];
  for (const door of today.doors) {
    const key = `${door.address.buildingNumber}-${door.address.entranceNumber}`;
    let group = groups.at(-1);
    if (!group || group.key !== key) {
      group = {
        key,
        title: t('round.entrance', {
          building: door.address.buildingNumber,
          entrance: door.address.entranceNumber,
        }),
        floors: [],
      };
      groups.push(group);
    }
    let floor = group.floors.at(-1);
    if (!floor || floor.floor !== door.address.floor) {
      floor = { floor: door.address.floor, doors: [] };
      group.floors.push(floor);
    }
    floor.doors.push(door);
  }
  return (
    <>
      <Typography.Paragraph strong data-testid="round-progress">
        {t('round.date', { date: today.date })} · {t('round.progress', { done, total: today.doors.length })}
      </Typography.Paragraph>
      {groups.map((group) => (
        <section key={group.key} aria-label={group.title}>
          <Typography.Title level={2}>{group.title}</Typography.Title>
          {group.floors.map((floor) => (
            <div key={floor.floor}>
              <Typography.Title level={3}>{t('round.floor', { floor: floor.floor })}</Typography.Title>
              <ul className="linli-round-doors">
                {floor.doors.map((door) => (
                  <DoorCard
                    key={door.householdId}
                    door={door}
                    done={doneOf(door)}
                    waiting={waitingOf(door)}
                    onNoted={onNoted}
                  />
                ))}
              </ul>
            </div>
          ))}
        </section>
      ))}
    </>
  );
}

type Step =
  | { at: 'outcome' }
  | { at: 'answer'; outcome: DoorOutcome }
  | { at: 'tell'; outcome: DoorOutcome; answer: DoorAnswer };

function DoorCard({
  door,
  done,
  waiting,
  onNoted,
}: {
  door: Door;
  done: DoorOutcome | null;
  waiting: boolean;
  onNoted: (door: Door, outcome: DoorOutcome, text: string, type: 'success' | 'info' | 'error') => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [step, setStep] = useState<Step>({ at: 'outcome' });
  const [leftStillThere, setLeftStillThere] = useState<boolean | undefined>(undefined);
  const [becomes, setBecomes] = useState<DoorBecomes | undefined>(undefined);
  const [said, setSaid] = useState('');
  const [health, setHealth] = useState(false);
  const [sending, setSending] = useState(false);
  const saidId = useId();
  const place = door.address.label;
  const eldest = door.residents[0]?.name ?? null;
  const offered: DoorBecomes[] = door.hasCarePlan ? ['visit', 'followup', 'report'] : ['report'];

  const send = async (outcome: DoorOutcome, answer?: DoorAnswer) => {
    const body: TDoorInput = {
      householdId: door.householdId,
      outcome,
      at: new Date().toISOString(),
      ...(leftStillThere === undefined ? {} : { leftStillThere }),
      ...(answer ? { answer } : {}),
      ...(answer && answer !== 'fine' && becomes ? { becomes, said: said.trim() } : {}),
      ...(answer && answer !== 'fine' && becomes !== 'report' && health ? { health: true } : {}),
    };
    setSending(true);
    try {
      const result = await submitDoor(body, {
        place,
        residentName: eldest ?? '',
        householdId: door.householdId,
      });
      if (result.status === 'sent') {
        onNoted(door, outcome, t('round.saved', { place }), 'success');
        void queryClient.invalidateQueries({ queryKey: roundKeys.all, refetchType: 'active' });
      } else if (result.status === 'waiting') {
        onNoted(door, outcome, t('round.savedWaiting', { place }), 'info');
      } else {
        onNoted(door, outcome, t('round.refused', { message: result.message }), 'error');
      }
      setStep({ at: 'outcome' });
    } finally {
      setSending(false);
    }
  };

  // Handing over, or a refusal at an open door, means she saw them: ask how they are.
  const tapOutcome = (outcome: DoorOutcome) => {
    if (outcome === 'handed' || outcome === 'refused') setStep({ at: 'answer', outcome });
    else void send(outcome);
  };
  const tapAnswer = (outcome: DoorOutcome, answer: DoorAnswer) => {
    if (answer === 'fine') void send(outcome, answer);
    else {
      setBecomes(offered.length === 1 ? offered[0] : undefined);
      setStep({ at: 'tell', outcome, answer });
    }
  };

  return (
    <li
      className="linli-door"
      data-testid="round-door"
      data-household-id={door.householdId}
      data-done={done !== null}
      data-signal={door.signalOpen}
    >
      <div className="linli-door-address">{place}</div>
      {door.residents.length > 0 ? (
        <div className="linli-door-people">{door.residents.map((r) => r.name).join('、')}</div>
      ) : null}
      {door.waiting.length > 0 ? (
        <ul className="linli-door-carry" aria-label={t('round.heading')} data-testid="round-door-waiting">
          {door.waiting.map((w) => (
            <li key={`${w.kind}|${w.paper ?? ''}`}>
              {t('round.waitingCount', {
                what: w.paper ? `${t(`round.kinds.${w.kind}`)}《${w.paper}》` : t(`round.kinds.${w.kind}`),
                count: w.count,
              })}
            </li>
          ))}
        </ul>
      ) : (
        <div className="linli-door-people">{t('round.nothingWaiting')}</div>
      )}
      <div className="linli-round-kinds" style={{ marginBottom: 4 }}>
        {door.needsSignature ? (
          <span className="linli-round-chip" data-tone="alarm">
            {t('round.needsSignature')}
          </span>
        ) : null}
        {door.signalOpen ? (
          <span className="linli-round-chip" data-tone="alarm" data-testid="round-door-signal">
            {t('round.signalOpen')}
          </span>
        ) : null}
        {done ? (
          <span
            className="linli-round-chip"
            data-tone="done"
            data-testid="round-door-done"
            data-outcome={done}
          >
            ✓ {t('round.doneTag', { outcome: t(`round.outcomes.${done}`) })}
          </span>
        ) : null}
        {waiting ? (
          <span className="linli-round-chip" data-tone="waiting" data-testid="round-door-on-phone">
            <span aria-hidden="true">⇪&nbsp;</span>
            {t('round.waitingOnPhone')}
          </span>
        ) : null}
      </div>

      {step.at === 'outcome' ? (
        <>
          {door.leftLastTime ? (
            <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
              <legend className="linli-door-question">{t('round.leftLastTime')}</legend>
              <Radio.Group
                optionType="button"
                buttonStyle="solid"
                value={leftStillThere}
                onChange={(e) => setLeftStillThere(e.target.value as boolean)}
                options={[
                  { value: true, label: t('round.stillThere') },
                  { value: false, label: t('round.taken') },
                ]}
              />
            </fieldset>
          ) : null}
          <fieldset className="linli-door-fieldset">
            <legend className="linli-door-question">{t('round.outcomeQuestion')}</legend>
            <div className="linli-door-buttons">
              {OUTCOMES.map((outcome) => (
                <Button
                  key={outcome}
                  size="large"
                  type={outcome === 'handed' ? 'primary' : 'default'}
                  disabled={sending}
                  onClick={() => tapOutcome(outcome)}
                  data-outcome={outcome}
                >
                  {t(`round.outcomes.${outcome}`)}
                  <span className="linli-visually-hidden"> {place}</span>
                </Button>
              ))}
            </div>
          </fieldset>
        </>
      ) : null}

      {step.at === 'answer' ? (
        <fieldset className="linli-door-fieldset">
          <legend className="linli-door-question">
            {eldest ? t('round.answerQuestion', { name: eldest }) : t('round.answerQuestionNoName')}
          </legend>
          <div className="linli-door-buttons">
            {ANSWERS.map((answer) => (
              <Button
                key={answer}
                size="large"
                type={answer === 'fine' ? 'primary' : 'default'}
                danger={answer === 'something_wrong'}
                disabled={sending}
                onClick={() => tapAnswer(step.outcome, answer)}
                data-answer={answer}
              >
                {t(`round.answers.${answer}`)}
              </Button>
            ))}
          </div>
        </fieldset>
      ) : null}

      {step.at === 'tell' ? (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void send(step.outcome, step.answer);
          }}
        >
          <div className="linli-door-question">{t(`round.answers.${step.answer}`)}</div>
          <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
            <legend className="linli-door-question">{t('round.becomesQuestion')}</legend>
            <Radio.Group
              optionType="button"
              buttonStyle="solid"
              value={becomes}
              onChange={(e) => setBecomes(e.target.value as DoorBecomes)}
              options={offered.map((b) => ({ value: b, label: t(`round.becomes.${b}`) }))}
              data-testid="round-becomes"
            />
          </fieldset>
          <label htmlFor={saidId} className="linli-door-question" style={{ display: 'block', marginTop: 8 }}>
            {t('round.saidLabel')}
          </label>
          <Input.TextArea
            id={saidId}
            value={said}
            onChange={(e) => setSaid(e.target.value)}
            autoSize={{ minRows: 3 }}
            maxLength={2000}
            placeholder={t('round.saidPlaceholder')}
            data-testid="round-said"
          />
          {becomes === 'visit' || becomes === 'followup' ? (
            <Checkbox checked={health} onChange={(e) => setHealth(e.target.checked)} style={{ marginTop: 8 }}>
              {t('round.health')}
            </Checkbox>
          ) : null}
          <div className="linli-door-buttons" style={{ marginTop: 12 }}>
            <Button
              type="primary"
              size="large"
              htmlType="submit"
              disabled={sending || !becomes || said.trim().length === 0}
              data-testid="round-tell-send"
            >
              {t('round.send')}
            </Button>
            <Button size="large" onClick={() => setStep({ at: 'outcome' })}>
              {t('round.cancel')}
            </Button>
          </div>
        </form>
      ) : null}
    </li>
  );
}

/** The caller's "去看看" tasks, raised by papers piling up, each with why. */
function RoundTasks() {
  const { t } = useTranslation();
  const tasks = useRoundTasks();
  const headingId = useId();
  if (!tasks.data || tasks.data.items.length === 0) return null;
  return (
    <section aria-labelledby={headingId} data-testid="round-tasks">
      <Typography.Title level={2} id={headingId}>
        {t('round.tasksHeading')}
      </Typography.Title>
      <ul className="linli-round-doors">
        {tasks.data.items.map((task) => (
          <li key={task.id} className="linli-door" data-signal="true" data-testid="round-task">
            <div className="linli-door-address">
              {task.title} · {task.signal.address}
            </div>
            {task.signal.residentName ? (
              <div className="linli-door-people">{task.signal.residentName}</div>
            ) : null}
            <div className="linli-door-people">{t('round.taskWhy', { why: task.signal.why })}</div>
          </li>
        ))}
      </ul>
    </section>
  );
}
