#!/usr/bin/env bash
# Installs Debian's headless Chromium for the site browser tests, which Playwright drives
# through `executable_path` (no `playwright install`, no chromedriver). Idempotent: does
# nothing when /usr/bin/chromium is already there. Only Debian's own packages: the tests
# never download a browser from anywhere else.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
    echo "chromium present: $(/usr/bin/chromium --version 2>/dev/null || echo unknown version)"
    exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends chromium fonts-dejavu-core
/usr/bin/chromium --version
