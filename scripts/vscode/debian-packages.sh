#!/usr/bin/env bash
# Installs the Debian packages the real-VS-Code tests and the demo need when they are missing:
# Go for the examples, chromium for Playwright, and the toolchain code-server's native modules
# compile against. Runs apt-get only as root; otherwise it prints the command to run.
set -euo pipefail

required_packages=(
  golang-go chromium git ca-certificates unzip
  build-essential pkg-config python3 libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev
)

missing_packages=()
for package in "${required_packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
    missing_packages+=("$package")
  fi
done

if [ "${#missing_packages[@]}" -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "Missing Debian packages: ${missing_packages[*]}" >&2
  echo "Install them with: sudo apt-get install -y ${missing_packages[*]}" >&2
  exit 1
fi

echo "Installing Debian packages: ${missing_packages[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing_packages[@]}"
