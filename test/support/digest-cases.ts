// The cases the digest tests share: real schemes, real dates, rule ids in the comments.
import type { ImportItem } from '../../src/app/import-cases.js';

interface Contact {
  readonly name: string;
  readonly email: string;
  readonly locale: string;
}

function item(ref: string, scheme: 'cnce-ns' | 'wal', organization: { name: string; province: string }, contact: Contact, events: { type: string; date: string; certificateNo?: string }[]): ImportItem {
  return {
    source: { file: 'test', path: ref },
    header: { ref, scheme, organization, serviceType: scheme === 'cnce-ns' ? 'risk-assessment' : null, level: 2, contacts: [contact] },
    events: events.map((fields) => ({ source: { file: 'test', path: ref }, fields })),
  };
}

export const zhang: Contact = { name: '张伟', email: 'zhang.wei@example.cn', locale: 'zh-CN' };
export const li: Contact = { name: 'Li Na', email: 'li.na@example.com', locale: 'en' };
export const wang: Contact = { name: '王芳', email: 'wang.fang@example.cn', locale: 'zh-CN' };
export const chen: Contact = { name: '陈静', email: 'chen.jing@example.cn', locale: 'zh-CN' };

const anxin = { name: '北京安信网络科技有限公司', province: '北京' };
const shield = { name: 'Shanghai Shield Security Co., Ltd.', province: '上海' };
const yuanwang = { name: '深圳远望信息安全有限公司', province: '广东' };
const hengtai = { name: '杭州恒泰数据安全有限公司', province: '浙江' };

export const digestCases: ImportItem[] = [
  // CN-12: issued 2026-01-10, first annual inspection due the day before the anniversary 2027-01-10, window from 2026-12-10.
  item('CN-2026-0001', 'cnce-ns', anxin, zhang, [{ type: 'certificate-issued', date: '2026-01-10', certificateNo: 'CNCE-NS-2026-0001' }]),
  // CN-12: issued 2025-11-01, first annual inspection was due 2026-10-31: overdue in late November 2026.
  item('CN-2025-0007', 'cnce-ns', anxin, zhang, [{ type: 'certificate-issued', date: '2025-11-01', certificateNo: 'CNCE-NS-2025-0007' }]),
  // WA-4: issued 2025-12-20, first surveillance audit due 2026-12-20; WA-8: its information 3 months before, 2026-09-20.
  item('WA-2025-0003', 'wal', shield, li, [{ type: 'certificate-issued', date: '2025-12-20', certificateNo: 'WAL-2025-0003' }]),
  // CN-12: issued 2026-03-31, first inspection due 2027-03-31: beyond a 60-day horizon in November 2026.
  item('CN-2026-0002', 'cnce-ns', shield, li, [{ type: 'certificate-issued', date: '2026-03-31', certificateNo: 'CNCE-NS-2026-0002' }]),
  item('CN-2026-0003', 'cnce-ns', yuanwang, wang, [{ type: 'certificate-issued', date: '2026-03-31', certificateNo: 'CNCE-NS-2026-0003' }]),
  // CN-6: materials received 2026-09-28, the formal review takes 15 PRC working days across National Day: due 2026-10-23.
  item('CN-2026-0004', 'cnce-ns', hengtai, chen, [{ type: 'materials-received', date: '2026-09-28' }]),
];
