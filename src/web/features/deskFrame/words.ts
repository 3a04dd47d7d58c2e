import type { Widen } from '../../i18n/widen';

/** Words of the desk frame (side menu, top bar) and of the shared desk table. */
export const deskFrameZhCN = {
  deskFrame: {
    menuLabel: '主菜单',
    menu: {
      home: '今日一览',
      reports: '诉求',
      register: '台账',
      households: '住户',
      registerSearch: '查找居民',
      buildings: '楼栋',
      care: '照护',
      welfare: '民生保障',
      service: '服务站',
      chain: '五联网络',
      monthly: '月报',
    },
    searchLabel: '查找居民（按 / 键）',
    searchPlaceholder: '姓名、拼音首字母、电话尾号、3-2-401',
    community: '社区：{{names}}',
    table: {
      total: '共 {{count}} 条',
      columns: '显示哪些列',
      columnsHint: '勾选要显示的列',
      export: '导出 Excel',
      exporting: '正在导出…',
      clearFilters: '清空条件',
      keyboardHint: '用 ↑ ↓ 键选行，按回车键打开',
      open: '打开',
      empty: '没有符合条件的记录。',
    },
  },
};

export const deskFrameEn: Widen<typeof deskFrameZhCN> = {
  deskFrame: {
    menuLabel: 'Main menu',
    menu: {
      home: 'Today',
      reports: 'Reports',
      register: 'Register',
      households: 'Households',
      registerSearch: 'Find a resident',
      buildings: 'Buildings',
      care: 'Care',
      welfare: 'Welfare',
      service: 'Service station',
      chain: 'Liaison chain',
      monthly: 'Monthly report',
    },
    searchLabel: 'Find a resident (press /)',
    searchPlaceholder: 'Name, pinyin initials, phone tail, 3-2-401',
    community: 'Community: {{names}}',
    table: {
      total: '{{count}} in all',
      columns: 'Columns to show',
      columnsHint: 'Tick the columns to show',
      export: 'Export to Excel',
      exporting: 'Exporting…',
      clearFilters: 'Clear filters',
      keyboardHint: 'Use ↑ ↓ to choose a row, Enter to open it',
      open: 'Open',
      empty: 'Nothing matches these filters.',
    },
  },
};
