#!/bin/sh
# Install what `publisher check --engine axe` needs: Debian's Chromium and the pinned axe-core (npm ci).
# Idempotent: does nothing when both are already there. Never downloads a browser through npm.
set -eu
cd "$(dirname "$0")/.."

missing=""
command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
command -v npm >/dev/null 2>&1 || missing="$missing npm"
if [ -n "$missing" ]; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "setup-axe: please install:$missing (sudo apt-get install$missing)" >&2
        exit 1
    fi
    apt-get update -qq
    # shellcheck disable=SC2086 # the list is meant to split into package names
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
fi

wanted=$(node -p 'require("./package-lock.json").packages["node_modules/axe-core"].version')
installed=$(node -p 'try { require("./node_modules/axe-core/package.json").version } catch (e) { "" }')
if [ "$wanted" != "$installed" ]; then
    npm ci --no-audit --no-fund --loglevel=error
fi
echo "setup-axe: axe-core $wanted, $(chromium --version 2>/dev/null)"
