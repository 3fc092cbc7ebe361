#!/usr/bin/env bash
# Makes sure the end-to-end tests have a Chromium to drive. Playwright cannot download its
# own browser on machines without internet access, so Debian's chromium is preferred.
set -euo pipefail

if [ -n "${CHROMIUM_PATH:-}" ]; then
  if [ -x "$CHROMIUM_PATH" ]; then exit 0; fi
  echo "CHROMIUM_PATH is set to '$CHROMIUM_PATH' but no executable is there." >&2
  exit 1
fi
if [ -x /usr/bin/chromium ]; then exit 0; fi

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Chromium is missing: installing Debian's chromium package (apt-get install -y chromium)..."
  if (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null); then
    exit 0
  fi
  echo "apt-get could not install chromium." >&2
fi

# Elsewhere (e.g. a laptop with internet access) Playwright's own browser will do.
if npx --no-install playwright install chromium >/dev/null 2>&1; then
  echo "Using Playwright's own Chromium."
  exit 0
fi

cat >&2 <<'MSG'
The end-to-end tests need Chromium and none could be installed automatically.
Install one of:
  - Debian/Ubuntu, as root:  apt-get install -y chromium
  - any OS with internet:   npx playwright install chromium
or set CHROMIUM_PATH to the path of a Chromium or Chrome executable.
MSG
exit 1
