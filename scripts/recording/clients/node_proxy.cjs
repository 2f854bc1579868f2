/*
 * Preload (`node --require node_proxy.cjs APP.js`) routing every request of a Node.js client through
 * the recording proxy named by PHONEHOME_RECORD_PROXY (set by harness.Proxy.client_env).
 *
 * Node does not read HTTPS_PROXY itself: its global fetch (undici) gets a ProxyAgent as the global
 * dispatcher, and the http/https modules (and every library built on them: axios, node-fetch, got,
 * needle…) get global-agent, which replaces even an agent the library made itself. The proxy's CA is
 * trusted through NODE_EXTRA_CA_CERTS, which Node adds to its default roots for both paths.
 *
 * The preload then hides HTTP(S)_PROXY from the client: a library's own proxy support would only
 * stack a second agent on these (and some is broken: mixpanel 0.24 calls https-proxy-agent 7's
 * module as a constructor and throws).
 */
"use strict";

const proxy = process.env.PHONEHOME_RECORD_PROXY;
if (!proxy) {
  throw new Error("node_proxy.cjs: PHONEHOME_RECORD_PROXY is not set (run the client through scripts/record_fixtures.py)");
}

const { ProxyAgent, setGlobalDispatcher } = require("undici");
setGlobalDispatcher(new ProxyAgent(proxy));

process.env.GLOBAL_AGENT_HTTP_PROXY = proxy;
process.env.GLOBAL_AGENT_HTTPS_PROXY = proxy;
process.env.GLOBAL_AGENT_NO_PROXY = "";
process.env.GLOBAL_AGENT_FORCE_GLOBAL_AGENT = "true";
require("global-agent").bootstrap();

for (const key of ["HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy"]) {
  delete process.env[key];
}
