import { Flex, Select } from 'antd';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { DateField } from './DateField';
import type { DeskTableState } from './DeskTable';

/** A filter above a desk table, its name above it in large type and tied to the control it names. */
export function FilterField({
  label,
  children,
}: {
  label: string;
  children: (id: string) => React.ReactNode;
}) {
  const id = useId();
  return (
    <Flex vertical gap={4}>
      <label htmlFor={id} style={{ fontSize: 16 }}>
        {label}
      </label>
      {children(id)}
    </Flex>
  );
}

/** A choice among a few values, "不限" first; the filter's name is its query parameter. */
export function ChoiceFilter({
  table,
  name,
  label,
  options,
  width = 160,
  testId = `filter-${name}`,
}: {
  table: DeskTableState;
  name: string;
  label: string;
  options: { value: string; label: string }[];
  width?: number;
  testId?: string;
}) {
  const { t } = useTranslation();
  return (
    <FilterField label={label}>
      {(id) => (
        <Select
          id={id}
          size="large"
          data-testid={testId}
          value={table.query.filters[name] ?? ''}
          onChange={(value: string) => table.setFilters({ [name]: value })}
          style={{ width }}
          options={[{ value: '', label: t('deskFrame.table.any') }, ...options]}
        />
      )}
    </FilterField>
  );
}

/** A day bounding the rows shown (`from` or `to`), chosen in the app's language; × clears it. */
export function DayFilter({
  table,
  name,
  label,
}: {
  table: DeskTableState;
  name: 'from' | 'to';
  label: string;
}) {
  return (
    <FilterField label={label}>
      {(id) => (
        <DateField
          id={id}
          allowClear
          data-testid={`filter-${name}`}
          value={table.query.filters[name] ?? ''}
          onChange={(day) => table.setFilters({ [name]: day })}
        />
      )}
    </FilterField>
  );
}
