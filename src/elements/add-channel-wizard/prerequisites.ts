import type { AuthorizableType } from '../../core/authorization.js';
import type { MessageKey } from '../../i18n/translation.js';

/**
 * Where the wizard's prerequisites link to, one URL per guide (`DEFAULT_GUIDE_LINKS` points at Meta's
 * help centres). Set `guideLinks` to point any of them at your own articles.
 */
export interface GuideLinks {
  /** "How to set up an Instagram business account" (Instagram). */
  igBusiness: string;
  /** "How to connect Instagram to a Facebook Page" (Instagram). */
  igLinkedPage: string;
  /** "Instagram Help Center": tags and mentions, message requests (Instagram). */
  igSettings: string;
  /** "Facebook Pages help": admin access to the Page (Facebook). */
  fbPage: string;
  /** "Business portfolio help" (Facebook, WhatsApp). */
  businessPortfolio: string;
  /** "WhatsApp Business Platform help": the phone number (WhatsApp). */
  whatsapp: string;
}

/** Meta's help centres; a host may point each at the exact article it prefers (`guideLinks`). */
export const DEFAULT_GUIDE_LINKS: GuideLinks = {
  igBusiness: 'https://help.instagram.com/',
  igLinkedPage: 'https://www.facebook.com/help/instagram/',
  igSettings: 'https://help.instagram.com/',
  fbPage: 'https://www.facebook.com/help/pages/',
  businessPortfolio: 'https://www.facebook.com/business/help/',
  whatsapp: 'https://business.whatsapp.com/',
};

export interface Prerequisite {
  text: MessageKey;
  guide: keyof GuideLinks;
  guideText: MessageKey;
}

/** What must be true before the Meta authorization, per channel type (the article's checklist). */
export const PREREQUISITES: Record<AuthorizableType, Prerequisite[]> = {
  instagram: [
    { text: 'prereqIgBusiness', guide: 'igBusiness', guideText: 'guideIgBusiness' },
    { text: 'prereqIgLinkedPage', guide: 'igLinkedPage', guideText: 'guideIgLinkedPage' },
    { text: 'prereqIgTags', guide: 'igSettings', guideText: 'guideIgSettings' },
    { text: 'prereqIgMessageRequests', guide: 'igSettings', guideText: 'guideIgSettings' },
  ],
  facebook: [
    { text: 'prereqFbAdmin', guide: 'fbPage', guideText: 'guideFbPage' },
    { text: 'prereqFbPortfolio', guide: 'businessPortfolio', guideText: 'guideBusinessPortfolio' },
  ],
  whatsapp: [
    { text: 'prereqWaPortfolio', guide: 'businessPortfolio', guideText: 'guideBusinessPortfolio' },
    { text: 'prereqWaNumber', guide: 'whatsapp', guideText: 'guideWhatsapp' },
  ],
};
