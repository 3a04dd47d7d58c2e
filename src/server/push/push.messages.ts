import type { TPushMessage } from '../../shared/contracts/push';
import type { TReportSummary } from '../../shared/contracts/reports';

/*
 * What a notice says on a locked phone: what and where, never who. A resident's name or health does not
 * belong on a screen anyone passing can read; the page the notice opens shows the rest to whoever may see it.
 */

export function emergencyReportMessage(report: TReportSummary): TPushMessage {
  return {
    kind: 'emergency_report',
    title: `紧急：${report.categoryName}`,
    body: `${report.place} · ${report.urgencyName}。请马上处理。`,
    url: `/reports/${report.id}`,
    tag: `report-${report.id}`,
  };
}

export function reportAssignedMessage(report: TReportSummary, escalated: boolean): TPushMessage {
  return {
    kind: 'report_assigned',
    title: escalated ? `超时未接收，转给您：${report.categoryName}` : `新诉求交给您：${report.categoryName}`,
    body: `${report.place}。请打开看看，接收后告诉居民。`,
    url: `/reports/${report.id}`,
    tag: `report-${report.id}`,
  };
}

const LADDER_TEXT: Record<number, { title: string; body: string }> = {
  1: { title: '有人今天还没报平安', body: '请打个电话问问。' },
  2: { title: '还没联系上，请上门看看', body: '请去敲门看看；有钥匙的人也已告知。' },
  3: { title: '仍然没有消息，已告知社区党委', body: '请马上联系，并记下结果。' },
};

export function ladderStepMessage(checkinId: string, step: number, place: string | null): TPushMessage {
  const text = LADDER_TEXT[step] ?? LADDER_TEXT[1];
  return {
    kind: 'ladder_step',
    title: text?.title ?? '',
    body: place ? `${place}：${text?.body ?? ''}` : (text?.body ?? ''),
    url: '/care',
    tag: `checkin-${checkinId}`,
  };
}
