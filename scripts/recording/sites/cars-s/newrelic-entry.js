// The site's New Relic build: the npm agent composed with the features the site uses, as the
// package's README shows ("Composing a custom agent"); bundled by esbuild into window.newrelicAgent.
export { Agent } from '@newrelic/browser-agent/loaders/agent';
export { GenericEvents } from '@newrelic/browser-agent/features/generic_events';
export { JSErrors } from '@newrelic/browser-agent/features/jserrors';
export { Metrics } from '@newrelic/browser-agent/features/metrics';
export { PageViewEvent } from '@newrelic/browser-agent/features/page_view_event';
export { PageViewTiming } from '@newrelic/browser-agent/features/page_view_timing';
