/** How the demo page tells its server (or its in-page backend) the side panel's viewer and workspace. */
export const DEMO_VIEWER_HEADER = 'x-channel-kit-demo-viewer';
export const DEMO_WORKSPACE_HEADER = 'x-channel-kit-demo-workspace';
