import { monthText, todayIso } from '../lib/dates';

function shift(month: string, by: number): string {
  const [year = 0, m = 1] = month.split('-').map(Number);
  const index = year * 12 + (m - 1) + by;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/**
 * A month to choose (`YYYY-MM`), its names in the app's language: the browser's own month field says
 * "December 2026" on an English phone whatever language the page speaks. The last two years, latest first.
 */
export function MonthInput({
  id,
  value,
  onChange,
  months = 24,
}: {
  id: string;
  value: string;
  onChange: (month: string) => void;
  months?: number;
}) {
  const current = todayIso().slice(0, 7);
  const choices = Array.from({ length: months }, (_, i) => shift(current, -i));
  if (!choices.includes(value)) choices.unshift(value);
  return (
    <select id={id} className="linli-month-input" value={value} onChange={(e) => onChange(e.target.value)}>
      {choices.map((month) => (
        <option key={month} value={month}>
          {monthText(month)}
        </option>
      ))}
    </select>
  );
}
