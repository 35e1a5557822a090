/** The face of src/ui/ (`codelocal ui`, `pipeline run --ui`): the web view's server (docs/ui.md). */
export { createUiApp, startUiServer, type UiServer, type UiServerOptions } from './server.js';
export { TOKEN_HEADER, isLoopback } from './token.js';
export { UiRuns } from './runs.js';
export type { UiContext } from './context.js';
