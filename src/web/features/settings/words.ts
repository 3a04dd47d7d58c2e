export const settingsZhCN = {
  settings: {
    link: '提醒设置',
    heading: '提醒',
    intro: '邻里关着的时候，下面这些事也会马上提醒到这部手机上。提醒里只写什么事、在哪里，不写名字。',
    thisPhone: '这部手机',
    on: '这部手机会收到提醒。',
    off: '这部手机还收不到提醒。',
    turnOn: '在这部手机上接收提醒',
    turnOff: '这部手机不再接收提醒',
    devices: '您一共有 {{count}} 部手机接收提醒。',
    noSupport: '这个浏览器收不到提醒。请用手机自带的浏览器打开邻里，并“添加到主屏幕”。',
    denied: '这部手机不让邻里发提醒。请在手机的“设置 → 通知”里允许后再试。',
    failed: '没能开启提醒：{{message}}',
    kindsHeading: '要提醒哪些事',
    kinds: {
      emergency_report: '紧急诉求（社区党委）',
      report_assigned: '交给我办的诉求',
      ladder_step: '有人没报平安，要我去问问',
    },
    saved: '已保存',
  },
};
