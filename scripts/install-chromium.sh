#!/usr/bin/env bash
# Installs Debian's Chromium and its WebDriver for the console's browser test (ConsoleBrowserTest).
# Called by Maven before the tests (exec-maven-plugin, process-test-classes) and by .ci/run.
# Never fails the build: where Chromium cannot be installed (no root, no apt, no registry) it says
# so and exits 0, and the browser test is skipped with that reason.
set -u
if command -v chromium >/dev/null 2>&1 && [ -x /usr/bin/chromedriver ]; then
  exit 0
fi
if [ "${QUAKEGRAPH_NO_BROWSER_INSTALL:-}" = "1" ]; then
  echo "install-chromium: QUAKEGRAPH_NO_BROWSER_INSTALL=1, not installing" >&2
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-chromium: no apt-get here; the browser test will be skipped" >&2
  exit 0
fi
SUDO=""
if [ "$(id -u)" != "0" ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo -n"
  else
    echo "install-chromium: not root and no password-less sudo; the browser test will be skipped" >&2
    exit 0
  fi
fi
echo "install-chromium: installing Debian's chromium and chromium-driver (once per machine)" >&2
export DEBIAN_FRONTEND=noninteractive
if ! $SUDO apt-get install -y -q --no-install-recommends chromium chromium-driver >/dev/null 2>&1; then
  $SUDO apt-get update -q >/dev/null 2>&1 || true
  if ! $SUDO apt-get install -y -q --no-install-recommends chromium chromium-driver >&2; then
    echo "install-chromium: apt-get could not install chromium; the browser test will be skipped" >&2
    exit 0
  fi
fi
echo "install-chromium: $(chromium --version 2>/dev/null)" >&2
exit 0
