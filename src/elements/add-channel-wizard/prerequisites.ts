import type { AuthorizableType } from '../../core/authorization.js';
import type { MessageKey } from '../../i18n/translation.js';

// The guides' links are what a page hands the wizard before it loads (`<channel-settings>`'s
// `guideLinks`): a module of their own, ./guide-links.ts, so that this table loads with the wizard.
import type { GuideLinks } from './guide-links.js';

export { DEFAULT_GUIDE_LINKS, type GuideLinks } from './guide-links.js';

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
