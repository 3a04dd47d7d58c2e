import { Select } from 'antd';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';

/** `YYYY-MM` of this device's month moved by `n`. */
export function monthFromNow(n: number): string {
  const now = new Date();
  const d = new Date(now.getFullYear(), now.getMonth() + n, 1);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
}

/** A month as people say it in the app's language: 2026年11月 · November 2026. */
export function monthName(month: string, language: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Intl.DateTimeFormat(language, { year: 'numeric', month: 'long' }).format(new Date(y, m - 1, 1));
}

/**
 * A month picked from a list of the last three years, named in the app's language (a browser's own month
 * field speaks the browser's language, not the app's), with large text and targets.
 */
export function MonthSelect({
  label,
  value,
  onChange,
  testId,
}: {
  label: string;
  value: string;
  onChange: (month: string) => void;
  testId?: string;
}) {
  const { i18n } = useTranslation();
  const id = useId();
  const options = Array.from({ length: 36 }, (_, i) => {
    const month = monthFromNow(-i);
    return { value: month, label: monthName(month, i18n.language) };
  });
  return (
    <div style={{ marginBottom: 16 }}>
      <label className="linli-stat-label" htmlFor={id} style={{ display: 'block', marginBottom: 4 }}>
        {label}
      </label>
      <Select
        id={id}
        data-testid={testId}
        size="large"
        value={value}
        onChange={onChange}
        options={options}
        style={{ minWidth: 220, fontSize: 18 }}
      />
    </div>
  );
}
