import type { Locale } from '../src/i18n/locales.js';
import { defaultPermissionPolicy, type PermissionPolicy } from '../src/permissions/policy.js';

/** The demo host's reasons, in the viewer's language: a host writes its own words. */
const REASONS: Record<Locale, { connect: string; disconnect: string; whatsapp: string }> = {
  en: {
    connect: 'Viewers cannot add channels: ask an Admin.',
    disconnect: 'Viewers cannot disconnect channels: ask an Admin.',
    whatsapp: 'WhatsApp numbers are managed by the Owner.',
  },
  'zh-TW': {
    connect: '檢視者無法新增頻道，請洽管理員。',
    disconnect: '檢視者無法中斷頻道連線，請洽管理員。',
    whatsapp: 'WhatsApp 號碼由擁有者管理。',
  },
  th: {
    connect: 'ผู้ชมเพิ่มช่องทางไม่ได้ โปรดติดต่อผู้ดูแลระบบ',
    disconnect: 'ผู้ชมยกเลิกการเชื่อมต่อช่องทางไม่ได้ โปรดติดต่อผู้ดูแลระบบ',
    whatsapp: 'หมายเลข WhatsApp จัดการโดยเจ้าของบัญชี',
  },
  ja: {
    connect: '閲覧者はチャネルを追加できません。管理者に依頼してください。',
    disconnect: '閲覧者はチャネルの接続を解除できません。管理者に依頼してください。',
    whatsapp: 'WhatsApp の番号はオーナーが管理しています。',
  },
};

/**
 * The demo host's permission policy, handed to the elements (through the provider, in the page's
 * language) and to the server half (in English) alike: the product rule, and on top of it one host's
 * own rule, per action and per channel, for MAAC's Viewer role: a Viewer may renew a Facebook Page's
 * or an Instagram account's access and finish its setup, but adding channels (bringing a disconnected
 * one back included) and disconnecting them is an Admin's, and WhatsApp numbers are the Owner's.
 */
export function demoPolicy(locale: Locale = 'en'): PermissionPolicy {
  const reasons = REASONS[locale];
  return (viewer, request) => {
    if (viewer.product !== 'maac' || viewer.role !== 'viewer') return defaultPermissionPolicy(viewer, request);
    if (request.action === 'connect') return { allowed: false, reason: reasons.connect };
    if (request.action === 'disconnect') return { allowed: false, reason: reasons.disconnect };
    if (request.channelType === 'whatsapp') return { allowed: false, reason: reasons.whatsapp };
    return true;
  };
}
