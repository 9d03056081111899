#!/usr/bin/env bash
# `npm run demo`: one command on a fresh Debian machine. Installs what is missing (Debian
# packages, npm dependencies, Node 24 + code-server), builds and packages the extension, then
# serves a real VS Code on 127.0.0.1 with gomem installed and examples/ open. Ctrl+C stops it.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo_root"

bash scripts/vscode/debian-packages.sh
# npm ci only when the installed tree is older than the lockfile (or absent).
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci
fi
bash scripts/vscode/install.sh
npm run --silent package >/dev/null
exec node scripts/vscode/demo.js "$@"
