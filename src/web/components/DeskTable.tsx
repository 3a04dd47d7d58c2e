import { Button, Checkbox, Flex, Popover, Table, Typography } from 'antd';
import type { ColumnType, SorterResult } from 'antd/es/table/interface';
import { useCallback, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DownloadButton } from './DownloadButton';

/**
 * The office's table: server-side paging, sorting and filtering, a count, columns a person can show or hide,
 * filters kept per person, arrows to move through rows and Enter to open one, and "导出 Excel" of exactly what
 * the table shows. The page owns the query (useDeskTableState) and the fetching; DeskTable draws it.
 *
 *   const table = useDeskTableState({ id: 'households', userId: session.user.id, defaultSort: 'address' });
 *   const data = useQuery({ queryKey: ['households', table.params.toString()], queryFn: … });
 *   <DeskTable state={table} columns={columns} rows={data?.items} total={data?.total ?? 0}
 *     loading={isPending} rowKey="id" label="住户" onOpen={(row) => navigate(`/households/${row.id}`)}
 *     exportPath="/api/v1/households/export" exportFileName="住户.xlsx" filterBar={<MyFilters table={table} />} />
 */

/** Filters are plain strings, as they travel in the query string; an empty string means "not set". */
export type DeskFilters = Record<string, string>;

export interface DeskTableQuery {
  limit: number;
  offset: number;
  /** `field` ascending, `-field` descending; undefined for the server's own order. */
  sort: string | undefined;
  filters: DeskFilters;
}

export interface DeskTableState {
  id: string;
  userId: string;
  query: DeskTableQuery;
  /** limit, offset, sort and the filters that are set, ready for a list endpoint. */
  params: URLSearchParams;
  /** Set some filters (empty string or undefined clears one); goes back to the first page; kept per person. */
  setFilters: (changes: Record<string, string | undefined>) => void;
  clearFilters: () => void;
  setPage: (offset: number, limit: number) => void;
  setSort: (sort: string | undefined) => void;
}

function storageKey(userId: string, tableId: string, what: 'filters' | 'columns' | 'view'): string {
  return `linli.desk.${userId}.${tableId}.${what}`;
}

function readStored<T>(key: string, fallback: T, valid: (value: unknown) => value is T): T {
  try {
    const raw = window.localStorage.getItem(key);
    if (raw === null) return fallback;
    const value: unknown = JSON.parse(raw);
    return valid(value) ? value : fallback;
  } catch {
    return fallback;
  }
}

function writeStored(key: string, value: unknown): void {
  try {
    window.localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Private browsing may refuse storage; the table still works for this visit.
  }
}

function isFilters(value: unknown): value is DeskFilters {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((v) => typeof v === 'string')
  );
}

function isView(value: unknown): value is { sort?: string; limit?: number } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

/** The query string of a table's query; `withPage: false` leaves out limit and offset (an export takes all). */
export function deskParams(query: DeskTableQuery, withPage = true): URLSearchParams {
  const params = new URLSearchParams();
  if (withPage) {
    params.set('limit', String(query.limit));
    params.set('offset', String(query.offset));
  }
  if (query.sort) params.set('sort', query.sort);
  for (const [key, value] of Object.entries(query.filters)) if (value !== '') params.set(key, value);
  return params;
}

/**
 * The query of one table for one person. Filters, sort and page size are kept in this browser per person
 * (keyed by user id), so a worker finds their table as they left it; `initialFilters` (e.g. from the
 * address) win over the kept ones.
 */
export function useDeskTableState(options: {
  id: string;
  userId: string;
  defaultSort?: string;
  pageSize?: number;
  initialFilters?: DeskFilters;
}): DeskTableState {
  const { id, userId, defaultSort, pageSize = 20, initialFilters } = options;
  const [filters, setFiltersState] = useState<DeskFilters>(() => ({
    ...readStored(storageKey(userId, id, 'filters'), {}, isFilters),
    ...initialFilters,
  }));
  const [view, setView] = useState(() => {
    const stored = readStored(storageKey(userId, id, 'view'), {}, isView);
    return {
      sort: typeof stored.sort === 'string' ? stored.sort : defaultSort,
      limit:
        typeof stored.limit === 'number' && stored.limit > 0 && stored.limit <= 200 ? stored.limit : pageSize,
    };
  });
  const [offset, setOffset] = useState(0);

  const setFilters = useCallback(
    (changes: Record<string, string | undefined>) => {
      setFiltersState((previous) => {
        const next: DeskFilters = { ...previous };
        for (const [key, value] of Object.entries(changes)) {
          if (value === undefined || value === '') delete next[key];
          else next[key] = value;
        }
        writeStored(storageKey(userId, id, 'filters'), next);
        return next;
      });
      setOffset(0);
    },
    [id, userId],
  );
  const clearFilters = useCallback(() => {
    setFiltersState({});
    writeStored(storageKey(userId, id, 'filters'), {});
    setOffset(0);
  }, [id, userId]);
  const setPage = useCallback(
    (nextOffset: number, limit: number) => {
      setView((previous) => {
        const next = { ...previous, limit };
        writeStored(storageKey(userId, id, 'view'), next);
        return next;
      });
      setOffset(nextOffset);
    },
    [id, userId],
  );
  const setSort = useCallback(
    (sort: string | undefined) => {
      setView((previous) => {
        const next = { ...previous, sort: sort ?? defaultSort };
        writeStored(storageKey(userId, id, 'view'), next);
        return next;
      });
      setOffset(0);
    },
    [id, userId, defaultSort],
  );

  const query = useMemo<DeskTableQuery>(
    () => ({ limit: view.limit, offset, sort: view.sort, filters }),
    [view, offset, filters],
  );
  const params = useMemo(() => deskParams(query), [query]);
  return { id, userId, query, params, setFilters, clearFilters, setPage, setSort };
}

export interface DeskColumn<T> extends Omit<ColumnType<T>, 'key' | 'title' | 'sorter' | 'sortOrder'> {
  /** Also the name the export is told (`columns=`), so the spreadsheet has the same columns. */
  key: string;
  title: string;
  /** The server's sort name for this column; the column is sortable when set. */
  sortKey?: string;
  /** Hidden until the person chooses to show it. */
  defaultHidden?: boolean;
  /** A column that cannot be hidden (the one that names the row). */
  alwaysShown?: boolean;
}

export interface DeskTableProps<T> {
  state: DeskTableState;
  columns: DeskColumn<T>[];
  rows: T[] | undefined;
  total: number;
  loading: boolean;
  rowKey: keyof T & string;
  /** The table's accessible name (what it lists). */
  label: string;
  /** Enter on a row, or a click on it. */
  onOpen?: (row: T) => void;
  /** Filter controls drawn above the table; they call state.setFilters. */
  filterBar?: React.ReactNode;
  /** The export endpoint; it gets the table's sort, filters and shown columns, without paging. */
  exportPath?: string;
  exportFileName?: string;
  testId?: string;
  /**
   * Rows a person may pick for a bulk action (kept across pages): the keys picked, the change (with the
   * rows of this page that are picked) and the words naming a row for its checkbox.
   */
  selection?: {
    selected: string[];
    onChange: (keys: string[], rows: T[]) => void;
    rowLabel: (row: T) => string;
    /** A row that cannot be picked (already done). */
    disabled?: (row: T) => boolean;
  };
}

export function DeskTable<T extends object>({
  state,
  columns,
  rows,
  total,
  loading,
  rowKey,
  label,
  onOpen,
  filterBar,
  exportPath,
  exportFileName = 'export.xlsx',
  testId,
  selection,
}: DeskTableProps<T>) {
  const { t } = useTranslation();
  const hintId = useId();
  const columnsKey = storageKey(state.userId, state.id, 'columns');
  const [hidden, setHidden] = useState<string[]>(() =>
    readStored(
      columnsKey,
      columns.filter((c) => c.defaultHidden).map((c) => c.key),
      isStringList,
    ),
  );
  const toggleColumn = (key: string, show: boolean) => {
    const next = show ? hidden.filter((k) => k !== key) : [...hidden, key];
    setHidden(next);
    writeStored(columnsKey, next);
  };

  const { sort } = state.query;
  const shown = columns.filter((c) => c.alwaysShown || !hidden.includes(c.key));
  const antColumns: ColumnType<T>[] = shown.map(
    ({ sortKey, defaultHidden: _d, alwaysShown: _a, ...column }) => ({
      ...column,
      dataIndex: column.dataIndex ?? column.key,
      ...(sortKey
        ? {
            sorter: true,
            sortOrder:
              sort === sortKey ? ('ascend' as const) : sort === `-${sortKey}` ? ('descend' as const) : null,
          }
        : {}),
    }),
  );

  const exportHref = useMemo(() => {
    if (!exportPath) return undefined;
    const params = deskParams(state.query, false);
    params.set('columns', shown.map((c) => c.key).join(','));
    return `${exportPath}?${params.toString()}`;
  }, [exportPath, state.query, shown]);

  const moveFocus = (from: HTMLElement, step: 1 | -1) => {
    let next = step === 1 ? from.nextElementSibling : from.previousElementSibling;
    while (next && !(next instanceof HTMLElement && next.classList.contains('ant-table-row')))
      next = step === 1 ? next.nextElementSibling : next.previousElementSibling;
    if (next instanceof HTMLElement) next.focus();
  };

  return (
    <Flex vertical gap={12} data-testid={testId} className="linli-desk-table">
      {filterBar}
      <Flex justify="space-between" align="center" wrap gap={12}>
        <Typography.Text strong style={{ fontSize: 18 }} data-testid="desk-table-total" aria-live="polite">
          {t('deskFrame.table.total', { count: total })}
        </Typography.Text>
        <Flex gap={12} align="center" wrap>
          <Popover
            trigger="click"
            placement="bottomRight"
            title={t('deskFrame.table.columnsHint')}
            content={
              <Flex vertical gap={8} data-testid="desk-table-columns">
                {columns
                  .filter((c) => !c.alwaysShown)
                  .map((c) => (
                    <Checkbox
                      key={c.key}
                      checked={!hidden.includes(c.key)}
                      onChange={(event) => toggleColumn(c.key, event.target.checked)}
                      style={{ fontSize: 18 }}
                    >
                      {c.title}
                    </Checkbox>
                  ))}
              </Flex>
            }
          >
            <Button size="large">{t('deskFrame.table.columns')}</Button>
          </Popover>
          {exportHref ? (
            <DownloadButton path={exportHref} fileName={exportFileName} testId="desk-table-export">
              {t('deskFrame.table.export')}
            </DownloadButton>
          ) : null}
        </Flex>
      </Flex>
      <Typography.Text type="secondary" id={hintId}>
        {t('deskFrame.table.keyboardHint')}
      </Typography.Text>
      <Table<T>
        aria-label={label}
        aria-describedby={hintId}
        columns={antColumns}
        dataSource={rows ?? []}
        rowKey={rowKey}
        loading={loading}
        rowSelection={
          selection
            ? {
                selectedRowKeys: selection.selected,
                onChange: (keys, picked) => selection.onChange(keys as string[], picked),
                preserveSelectedRowKeys: true,
                getCheckboxProps: (row) => ({
                  'aria-label': selection.rowLabel(row),
                  disabled: selection.disabled?.(row) ?? false,
                }),
              }
            : undefined
        }
        // antd greys the empty text below 4.5:1; the table's own words keep the page's text colour.
        locale={{ emptyText: <Typography.Text>{t('deskFrame.table.empty')}</Typography.Text> }}
        // With row checkboxes antd's sideways scroll adds a hidden measuring row that holds focusable cells
        // (axe: aria-hidden-focus), so a table with a bulk action fits the width instead.
        scroll={selection ? undefined : { x: 'max-content' }}
        pagination={{
          current: Math.floor(state.query.offset / state.query.limit) + 1,
          pageSize: state.query.limit,
          total,
          showSizeChanger: true,
          pageSizeOptions: [20, 50, 100],
          showTotal: (count) => t('deskFrame.table.total', { count }),
        }}
        onChange={(pagination, _filters, sorter, extra) => {
          if (extra.action === 'sort') {
            const one = (Array.isArray(sorter) ? sorter[0] : sorter) as SorterResult<T> | undefined;
            const column = columns.find((c) => c.key === one?.columnKey);
            const key = column?.sortKey;
            state.setSort(key && one?.order ? (one.order === 'descend' ? `-${key}` : key) : undefined);
            return;
          }
          const limit = pagination.pageSize ?? state.query.limit;
          const page = limit !== state.query.limit ? 1 : (pagination.current ?? 1);
          state.setPage((page - 1) * limit, limit);
        }}
        onRow={(row) => ({
          tabIndex: 0,
          style: onOpen ? { cursor: 'pointer' } : undefined,
          onClick: onOpen
            ? (event) => {
                // A click on a row's checkbox picks it; anywhere else opens it.
                if ((event.target as HTMLElement).closest('.ant-table-selection-column')) return;
                onOpen(row);
              }
            : undefined,
          onKeyDown: (event) => {
            if (event.target !== event.currentTarget) return;
            if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
              event.preventDefault();
              moveFocus(event.currentTarget, event.key === 'ArrowDown' ? 1 : -1);
            } else if (event.key === 'Enter' && onOpen) {
              event.preventDefault();
              onOpen(row);
            }
          },
        })}
      />
    </Flex>
  );
}
