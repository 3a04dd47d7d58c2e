/** 长辈模式 in the staff app: the switch in the header and the offer at first sign-in. */
export const elderZhCN = {
  elder: {
    switch: '长辈模式',
    switchOn: '长辈模式：开',
    switchOff: '长辈模式：关',
    textSize: '字的大小',
    step1: '大',
    step2: '更大',
    step3: '最大',
    offerTitle: '要不要用长辈模式？',
    offerBody: '字更大，按钮更大，每张卡片都能读给您听。以后随时可以在页面最上面关掉。',
    offerYes: '好，用长辈模式',
    offerNo: '不用了',
    saveFailed: '没有存到您的账号里，这部手机先记着，下次再试。',
    more: '更多事情',
    oneOf: '第 {{n}} 件，共 {{count}} 件',
    next: '下一件',
    previous: '上一件',
  },
};
