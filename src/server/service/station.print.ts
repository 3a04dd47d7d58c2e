import { formatYuan } from '../../domain/care/moneyLedger';
import type { THours, TOrder, TRound, TValueReport } from '../../shared/contracts/service';
import { newPdf } from '../pdf/pdfDocument';

/**
 * The station's printouts (delivery lists, hour certificates, the monthly summary) in large type on
 * A4, with the Chinese font every PDF of Linli embeds.
 */
export interface PrintBlock {
  heading?: string;
  lines: readonly string[];
}

function yuan(fen: number): string {
  return `${formatYuan(fen)} 元`;
}

function hoursText(minutes: number): string {
  return `${Math.floor(minutes / 60)} 小时 ${minutes % 60} 分`;
}

/** The carrier's list: one block per door, in walking order, with a line to sign. */
export function deliveryBlocks(round: TRound, orders: readonly TOrder[]): PrintBlock[] {
  return [
    { lines: [`供货：${round.supplier}　截止：${round.closesOn}　共 ${orders.length} 户`] },
    ...orders.map((o) => ({
      heading: `${o.address.label}（${o.address.floor} 层）`,
      lines: [
        ...o.lines.map((l) => `${l.name} × ${l.quantity} ${l.unit}`),
        `应收 ${yuan(o.dueFen)}`,
        o.deliveredAt ? `已送到，签收人：${o.receivedBy ?? ''}` : '签收：＿＿＿＿＿＿',
      ],
    })),
  ];
}

export function certificateBlocks(h: THours, communityName: string): PrintBlock[] {
  return [
    {
      lines: [
        `兹证明 ${h.volunteer.name} 同志于 ${h.year} 年在${communityName}志愿服务站参加志愿服务，`,
        `累计服务时长 ${hoursText(h.totalMinutes)}。`,
        `This certifies ${hoursText(h.totalMinutes).replace(' 小时 ', ' h ').replace(' 分', ' min')} of volunteer service in ${h.year}.`,
      ],
    },
    { heading: '按月 / By month', lines: h.months.map((m) => `${m.month}　${hoursText(m.minutes)}`) },
  ];
}

export function summaryBlocks(r: TValueReport): PrintBlock[] {
  return [
    {
      lines: [
        `服务价值 Services：${yuan(r.servicesFen)}`,
        `团购节省 Group-purchase savings：${yuan(r.savingsFen)}`,
        `合计 Total：${yuan(r.totalFen)}`,
      ],
    },
    {
      heading: '按服务 / By service',
      lines: r.byService.map((s) => `${s.label}　${s.delivered} 次　${yuan(s.fen)}`),
    },
    { heading: '按楼栋 / By building', lines: r.byBuilding.map((b) => `${b.label}　${yuan(b.fen)}`) },
    {
      heading: '按志愿者 / By volunteer',
      lines: r.byVolunteer.map((v) => `${v.label}　${hoursText(v.minutes)}　${yuan(v.fen)}`),
    },
  ];
}

export async function largePrintPdf(title: string, blocks: readonly PrintBlock[], at: Date): Promise<Buffer> {
  const { doc, done } = newPdf({ title, createdAt: at });
  doc.fontSize(26).text(title);
  doc.moveDown(0.5);
  for (const block of blocks) {
    if (block.heading) doc.fontSize(22).text(block.heading);
    doc.fontSize(18);
    for (const line of block.lines) doc.text(line);
    doc.moveDown(0.5);
  }
  doc.end();
  return done;
}
