#!/usr/bin/env bash
# Programs only the tests need, from Debian's packages: Prometheus (a real server the
# PromQL probe queries, and promtool to check every /metrics page), Chromium (the live
# dashboard, driven by playwright-core) and rsync (gitlab-ci-local copies the project with
# it to run the GitLab pipeline template). Safe to run again; installs only what is missing.
set -euo pipefail

need_apt=()
command -v prometheus >/dev/null 2>&1 && command -v promtool >/dev/null 2>&1 || need_apt+=(prometheus)
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v rsync >/dev/null 2>&1 || need_apt+=(rsync)
if [ ${#need_apt[@]} -eq 0 ]; then
  echo "test-tools: prometheus, promtool, chromium and rsync present"
  exit 0
fi
echo "test-tools: installing ${need_apt[*]} (Debian packages)"
if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
$SUDO apt-get update -qq
# The Debian package starts a Prometheus service where an init system runs; tests start their own.
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
command -v promtool >/dev/null && command -v chromium >/dev/null && command -v rsync >/dev/null
