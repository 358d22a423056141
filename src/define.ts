// Registers the default tag names: the only module with side effects besides the CDN bundle.
import './elements/channel-kit-provider/define.js';
import './elements/channel-status-badge/define.js';
import './elements/channel-list/define.js';
import './elements/disconnect-dialog/define.js';
import './elements/reauthorize-dialog/define.js';
import './elements/add-channel-wizard/define.js';
import './elements/channel-settings/define.js';
