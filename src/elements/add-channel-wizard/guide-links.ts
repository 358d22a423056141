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
