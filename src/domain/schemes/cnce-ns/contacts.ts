// Whom a CNCE-NS applicant deals with. CN-17: the communication industry association of the province
// where it is registered; the application guide (seed 000 §七) lists these associations and the
// CNCE-NS assessment centre with their phone, fax and email, copied here as published.
import type { Association, ContactDirectory } from '../contacts.js';

/** The CNCE-NS assessment centre (CN-16 appeals and anything no province handles). */
export const cnceNsCentre: Association = {
  id: 'cnce-ns-centre',
  name: '中国通信企业协会通信网络安全专业委员会 通信网络安全服务能力评定中心',
  province: null,
  aliases: [],
  phone: '010-68094562',
  fax: '010-68094588',
  email: null,
  address: '北京市西城区月坛南街 11 号 100045',
};

const association = (id: string, province: string, aliases: string[], name: string, phone: string, fax: string, email: string): Association => ({
  id,
  name,
  province,
  aliases,
  phone,
  fax,
  email,
  address: null,
});

/** The provincial associations of seed 000 §七, in the guide's order. */
export const provincialAssociations: readonly Association[] = [
  association('beijing', '北京', ['beijing'], '北京市通信行业协会', '010-68028629', '010-68028641', 'tongjizu@189.cn'),
  association('tianjin', '天津', ['tianjin'], '天津市通信行业协会', '022-27813066', '022-27820012', '13602080507@139.com'),
  association('heilongjiang', '黑龙江', ['heilongjiang'], '黑龙江省通信行业协会', '0451-53005879', '0451-53005879', 'jintaoming830@163.com'),
  association('jiangsu', '江苏', ['jiangsu'], '江苏省通信行业协会', '025-85039883', '025-68951300', 'jscert@jsca.gov.cn'),
  association('zhejiang', '浙江', ['zhejiang'], '浙江省通信行业协会', '0571-87039797', '0571-87036633', 'yanguomei2006@126.com'),
  association('jiangxi', '江西', ['jiangxi'], '江西省通信行业协会', '0791-86218155', '0791-86218179', '079112300@163.com'),
  association('hunan', '湖南', ['hunan'], '湖南省通信行业协会', '0731-82338672', '0731-82338672', '15973131996@139.com'),
  association('guangdong', '广东', ['guangdong'], '广东省通信行业协会', '020-87626826', '020-87690458', 'lms@gdca.gov.cn'),
  association('chongqing', '重庆', ['chongqing'], '重庆市通信行业协会', '023-68813262', '023-68710218', 'mei123@126.com'),
  association('hainan', '海南', ['hainan'], '海南省通信行业协会', '0898-66533803', '0898-66533698', 'yuanh@hnca.gov.cn'),
  association('ningxia', '宁夏', ['ningxia'], '宁夏区通信行业协会', '0951-5166808', '0951-5166818', 'nxtxhyxh@163.com'),
];

/** CN-17: the association of the province where the applicant is registered, else the centre. */
export const cnceNsContacts: ContactDirectory = { centre: cnceNsCentre, regional: provincialAssociations };
