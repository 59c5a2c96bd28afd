#!/bin/sh
# Installs the end-to-end rig (code-server 4.100.3 = VS Code 1.100, playwright-core) into
# e2e/vscode-rig/node_modules. Safe to run again: it does nothing when the installed tree
# already matches package.json and package-lock.json.
# System needs (Debian): apt-get install -y chromium ripgrep libkrb5-dev  (plus python3, make, g++)
set -eu
RIG=$(cd "$(dirname "$0")" && pwd)
cd "$RIG"
log() { echo "[vscode-rig] $*"; }
version() { node -p "require('./node_modules/$1/package.json').version"; }
versions() { echo "code-server $(version code-server), playwright-core $(version playwright-core)"; }

STAMP=node_modules/.rig-stamp
want=$(cat package.json package-lock.json 2>/dev/null | sha256sum | cut -d' ' -f1)
if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want" ] \
   && [ -x node_modules/.bin/code-server ] && [ -f node_modules/playwright-core/package.json ]; then
  log "already installed ($(versions)), nothing to do"
  exit 0
fi

# Warn early about system packages the install or the tests need.
for bin in rg chromium; do
  command -v "$bin" >/dev/null 2>&1 || log "WARNING: '$bin' not found (apt-get install -y ripgrep chromium)"
done
[ -e /usr/include/gssapi/gssapi.h ] || command -v krb5-config >/dev/null 2>&1 \
  || log "WARNING: Kerberos headers not found; code-server's kerberos addon needs libkrb5-dev"

# @vscode/ripgrep (pinned by code-server) downloads rg from GitHub in its postinstall unless
# $TMPDIR/vscode-ripgrep-cache-<version>/<asset> exists: seed that cache with the system rg.
mkdir -p .tmp
if command -v rg >/dev/null 2>&1; then
  case "$(uname -m)" in
    x86_64)  asset=ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz ;;
    aarch64) asset=ripgrep-v13.0.0-10-aarch64-unknown-linux-musl.tar.gz ;;
    *)       asset= ;;
  esac
  if [ -n "$asset" ]; then
    RGC=$RIG/.tmp/vscode-ripgrep-cache-1.15.11
    mkdir -p "$RGC"
    if [ ! -s "$RGC/$asset" ]; then
      log "seeding ripgrep download cache with $(command -v rg) -> .tmp/vscode-ripgrep-cache-1.15.11/$asset"
      tar czf "$RGC/$asset" -C "$(dirname "$(command -v rg)")" rg
    fi
  fi
fi

# npm_config_yes: node-pty's postinstall runs `npx node-gyp`, which would stop without a TTY.
# npm_config_unsafe_perm: code-server's postinstall exits when run as root without it.
export TMPDIR="$RIG/.tmp" npm_config_yes=true npm_config_unsafe_perm=true
if [ -f package-lock.json ]; then
  log "npm ci (code-server + playwright-core; compiles native addons, about 30-60 s)"
  npm ci --no-audit --no-fund
else
  log "no package-lock.json yet: npm install (creates it)"
  npm install --no-audit --no-fund
  want=$(cat package.json package-lock.json | sha256sum | cut -d' ' -f1)
fi
[ -x node_modules/.bin/code-server ] || { log "ERROR: node_modules/.bin/code-server missing after install"; exit 1; }
echo "$want" > "$STAMP"
log "done: $(versions)"
