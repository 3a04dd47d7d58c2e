import { DatePicker, type GetRef, TimePicker } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import 'dayjs/locale/zh-cn';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { i18n } from '../i18n';

/*
 * Dates, times and months to choose, written in the app's language whatever the browser's: the browser's
 * own <input type="date"> says "12/07/2026" and "December 2026" on an English phone even when the page is
 * in Chinese. These are antd's pickers (dayjs underneath), so they weigh something: import this file only
 * from lazily loaded pages, never from the sign-in or the home page (src/web/budgets.test.ts).
 *
 * Each field keeps the value the form had with the native input, as the same ISO text (`YYYY-MM-DD`,
 * `HH:mm`, `YYYY-MM`, `YYYY-MM-DDTHH:mm`), so no form logic and no API call changes. The first format is
 * the one shown; the others are accepted when typed, so `2026-12-07` typed still works.
 */

type Words = 'zh-CN' | 'en';

const DATE_FORMATS: Record<Words, string[]> = {
  'zh-CN': ['YYYY年M月D日', 'YYYY-MM-DD', 'YYYY-M-D', 'YYYY/M/D', 'YYYY.M.D', 'YYYYMMDD'],
  en: ['D MMM YYYY', 'YYYY-MM-DD', 'YYYY-M-D', 'YYYY/M/D', 'D MMMM YYYY', 'YYYYMMDD'],
};
const MONTH_FORMATS: Record<Words, string[]> = {
  'zh-CN': ['YYYY年M月', 'YYYY-MM', 'YYYY-M', 'YYYY/M'],
  en: ['MMMM YYYY', 'YYYY-MM', 'YYYY-M', 'YYYY/M', 'MMM YYYY'],
};
const TIME_FORMATS = ['HH:mm', 'H:mm', 'HHmm'];

const DAY = 'YYYY-MM-DD';
const MONTH = 'YYYY-MM';
const TIME = 'HH:mm';

// dayjs speaks the app's language too: week days, month names and the first day of the week.
function followLanguage(language: string): void {
  dayjs.locale(language === 'en' ? 'en' : 'zh-cn');
}
followLanguage(i18n.language);
i18n.on('languageChanged', followLanguage);

function useWords(): Words {
  const { i18n: current } = useTranslation();
  return current.language === 'en' ? 'en' : 'zh-CN';
}

function parse(value: string | undefined, format: string): Dayjs | null {
  if (!value) return null;
  const parsed = dayjs(value, format, true);
  return parsed.isValid() ? parsed : null;
}

/** The panel's class: its days and arrows are finger-sized and it never leaves a phone's screen (styles.css). */
const POPUP = { popup: { root: 'linli-picker-popup' } };

/**
 * On a phone the calendar is taller than the room above or below a field low on the screen (in 长辈模式
 * it is most of the screen): as it opens, the field is brought up to the top so the calendar fits below it.
 */
function useRoomBelow() {
  const ref = useRef<GetRef<typeof DatePicker>>(null);
  const onOpenChange = (open: boolean) => {
    const field = ref.current?.nativeElement;
    if (!open || !field || window.innerWidth > 600) return;
    const { top, bottom } = field.getBoundingClientRect();
    const needed = Math.min(600, window.innerHeight * 0.65);
    if (top > 80 && window.innerHeight - bottom < needed) field.scrollIntoView({ block: 'start' });
  };
  return { ref, onOpenChange };
}

interface FieldProps {
  /** The input's id, which the form's <label htmlFor> names. */
  id?: string;
  value: string;
  onChange: (value: string) => void;
  /** Earliest and latest choosable, in the same ISO text as the value. */
  min?: string;
  max?: string;
  disabled?: boolean;
  'aria-label'?: string;
  'aria-describedby'?: string;
  'data-testid'?: string;
  /** An empty choice is allowed: a × clears the field to ''. */
  allowClear?: boolean;
}

const fieldStyle = { width: '100%', maxWidth: '14em' } as const;

/** A calendar day, `YYYY-MM-DD`: 2026年12月7日 in Chinese, 7 Dec 2026 in English. */
export function DateField({ id, value, onChange, min, max, allowClear = false, ...rest }: FieldProps) {
  const words = useWords();
  const lift = useRoomBelow();
  return (
    <DatePicker
      id={id}
      {...lift}
      {...rest}
      value={parse(value, DAY)}
      onChange={(date) => onChange(date ? date.format(DAY) : '')}
      format={DATE_FORMATS[words]}
      minDate={parse(min, DAY) ?? undefined}
      maxDate={parse(max, DAY) ?? undefined}
      allowClear={allowClear}
      size="large"
      placement="bottomLeft"
      classNames={POPUP}
      style={fieldStyle}
    />
  );
}

/** A month, `YYYY-MM`: 2026年12月, December 2026 (as `monthText` names it). */
export function MonthField({ id, value, onChange, min, max, allowClear = false, ...rest }: FieldProps) {
  const words = useWords();
  const lift = useRoomBelow();
  return (
    <DatePicker
      id={id}
      {...lift}
      {...rest}
      picker="month"
      value={parse(value, MONTH)}
      onChange={(date) => onChange(date ? date.format(MONTH) : '')}
      format={MONTH_FORMATS[words]}
      minDate={parse(min, MONTH) ?? undefined}
      maxDate={parse(max, MONTH) ?? undefined}
      allowClear={allowClear}
      size="large"
      placement="bottomLeft"
      classNames={POPUP}
      style={fieldStyle}
    />
  );
}

/** A time of day, `HH:mm`, 24-hour in both languages (08:31, never 08:31 AM). */
export function TimeField({
  id,
  value,
  onChange,
  allowClear = false,
  ...rest
}: Omit<FieldProps, 'min' | 'max'>) {
  const lift = useRoomBelow();
  return (
    <TimePicker
      id={id}
      {...lift}
      {...rest}
      value={parse(value, TIME)}
      onChange={(time) => onChange(time ? time.format(TIME) : '')}
      format={TIME_FORMATS}
      // A tap on an hour or a minute is the choice: no separate OK to forget.
      needConfirm={false}
      showNow={false}
      allowClear={allowClear}
      size="large"
      placement="bottomLeft"
      classNames={POPUP}
      style={{ width: '100%', maxWidth: '8em' }}
    />
  );
}

/**
 * A day and a time, `YYYY-MM-DDTHH:mm` in the device's time (what <input type="datetime-local"> gave):
 * two fields side by side, because one panel with both is wider than a phone. The id names the day.
 */
export function DateTimeField({
  id,
  value,
  onChange,
  min,
  max,
  timeLabel,
  ...rest
}: Omit<FieldProps, 'allowClear'> & { timeLabel: string }) {
  const [day = '', time = ''] = value.split('T');
  const join = (d: string, t: string) => (d && t ? `${d}T${t}` : d ? `${d}T00:00` : '');
  const [maxDay, maxTime] = max ? max.split('T') : [];
  const [minDay, minTime] = min ? min.split('T') : [];
  const earlier = (a: string, b: string) => a < b;
  return (
    <div className="linli-datetime-field">
      <DateField
        id={id}
        {...rest}
        value={day}
        min={minDay}
        max={maxDay}
        onChange={(d) => {
          // A day moved onto the last allowed one keeps the time inside the limit.
          const keep = d && maxDay === d && maxTime && earlier(maxTime, time) ? maxTime : time;
          onChange(join(d, keep));
        }}
      />
      <TimeField
        aria-label={timeLabel}
        value={time.slice(0, 5)}
        onChange={(t) => {
          if (!t) return;
          let next = t;
          if (maxDay === day && maxTime && earlier(maxTime, t)) next = maxTime;
          if (minDay === day && minTime && earlier(t, minTime)) next = minTime;
          onChange(join(day, next));
        }}
      />
    </div>
  );
}
