#!/usr/bin/env bash
# System dependencies of the test suite: Debian's Chromium (for the HTML report's browser test),
# playwright-core from npm to drive it, and Wireshark's tshark (the pcap reader). Idempotent; run
# by `make test`.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v tshark >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq
    echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tshark >/dev/null
  else
    echo "install-test-deps: tshark is missing; run: sudo apt-get install tshark" >&2
  fi
fi
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "install-test-deps: Debian's chromium is missing; run: sudo apt-get install chromium" >&2
  fi
fi
if [ -f tests/browser/package.json ] && [ ! -d tests/browser/node_modules/playwright-core ]; then
  (cd tests/browser && if [ -f package-lock.json ]; then npm ci --silent; else npm install --silent; fi)
fi
