#!/usr/bin/env bash
# Installs Debian's tmux: the `caetl shell` test runs the shell in a real terminal.
# Idempotent: does nothing when tmux is already there.
set -euo pipefail

if command -v tmux >/dev/null 2>&1; then
    echo "tmux present: $(tmux -V)"
    exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends tmux
tmux -V
