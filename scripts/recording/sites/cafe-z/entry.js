// The site's DevCycle build: the npm client SDK's exports on window.DevCycle (bundled by esbuild), as
// a site bundler would include `import { initializeDevCycle } from '@devcycle/js-client-sdk'`.
export { initializeDevCycle } from '@devcycle/js-client-sdk';
