# Helpers for .ci/run (sourced, not executed).
# shellcheck shell=bash

log() { printf '\n==> %s\n' "$*"; }

fail() {
  printf 'error: %s\n' "$*" >&2
  exit 1
}

# The package's engines field: ^20.17.0 || >=22.9.0.
require_node() {
  command -v node >/dev/null || fail "Node.js is not installed (need ^20.17.0 || >=22.9.0)"
  command -v npm >/dev/null || fail "npm is not installed"
  # shellcheck disable=SC2016 # JavaScript, not shell, in single quotes
  node -e '
    const [major, minor] = process.versions.node.split(".").map(Number);
    const ok = (major === 20 && minor >= 17) || (major === 22 && minor >= 9) || major > 22;
    if (!ok) { console.error(`Node ${process.version} is too old: need ^20.17.0 || >=22.9.0`); process.exit(1); }
  ' || exit 1
}

# A package line is `name [command]`: with a command, the package counts as present when
# that command is on PATH (e.g. kubectl may come from another package).
missing_debian_packages() {
  local list_file="$1" name command status
  while read -r name command _; do
    [[ -z "$name" || "$name" == \#* ]] && continue
    if [[ -n "${command:-}" ]] && command -v "$command" >/dev/null; then
      continue
    fi
    status="$(dpkg-query -W -f='${Status}' "$name" 2>/dev/null || true)"
    [[ "$status" == "install ok installed" ]] || printf '%s\n' "$name"
  done <"$list_file"
}

install_debian_packages() {
  local list_file="$1"
  local -a missing
  mapfile -t missing < <(missing_debian_packages "$list_file")
  if ((${#missing[@]} == 0)); then
    echo "all Debian packages are installed"
    return
  fi
  echo "missing: ${missing[*]}"
  [[ "$(id -u)" == 0 ]] || fail "installing Debian packages needs root"
  # Wait for another apt/dpkg run rather than failing on its lock.
  apt-get -o DPkg::Lock::Timeout=600 update -qq
  apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}"
}

# Records written by test/support/services.ts: one `<name>.service` file per running
# PostgreSQL cluster, Redis server or gunicorn, removed on a clean stop.
stop_stale_test_services() {
  local registry="${TMPDIR:-/tmp}/djangoflow-test-services" record
  [[ -d "$registry" ]] || return 0
  for record in "$registry"/*.service; do
    [[ -e "$record" ]] || continue
    stop_recorded_service "$record"
    rm -f "$record"
  done
}

stop_recorded_service() {
  local record="$1" kind="" dir="" data="" bin="" pid="" key value
  while IFS='=' read -r key value; do
    case "$key" in
      kind) kind="$value" ;;
      dir) dir="$value" ;;
      data) data="$value" ;;
      bin) bin="$value" ;;
      pid) pid="$value" ;;
    esac
  done <"$record"
  case "$kind" in
    postgres)
      if [[ -f "$data/postmaster.pid" && -x "$bin/pg_ctl" ]]; then
        echo "stopping stale PostgreSQL in $data"
        runuser -u postgres -- "$bin/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1 || true
      fi
      ;;
    redis | process)
      # Only a process that is still what we started (the pid may have been reused).
      if [[ -n "$pid" && "$pid" != 0 ]] && grep -qaE 'redis-server|gunicorn' "/proc/$pid/cmdline" 2>/dev/null; then
        echo "stopping stale $kind process $pid"
        kill "$pid" 2>/dev/null || true
      fi
      ;;
  esac
  if [[ -n "$dir" && "$dir" == "${TMPDIR:-/tmp}"/djangoflow-* ]]; then
    rm -rf "$dir"
  fi
}

# Tests that create git repositories need an identity; do not touch the machine's config.
ensure_git_identity() {
  if ! git config user.name >/dev/null 2>&1; then
    export GIT_AUTHOR_NAME="djangoflow CI" GIT_COMMITTER_NAME="djangoflow CI"
  fi
  if ! git config user.email >/dev/null 2>&1; then
    export GIT_AUTHOR_EMAIL="ci@djangoflow.invalid" GIT_COMMITTER_EMAIL="ci@djangoflow.invalid"
  fi
}

# The Pythons generated projects target (the pythonVersion question): pyenv's builds.
# Missing ones are an error: the tests never fall back to another Python.
require_pyenv_pythons() {
  local root="${PYENV_ROOT:-$HOME/.pyenv}" version found missing=()
  for version in "$@"; do
    found="$(find "$root/versions" -maxdepth 1 -name "$version.*" 2>/dev/null | head -n 1)"
    if [[ -n "$found" && -x "$found/bin/python" ]]; then
      echo "Python $version: $found/bin/python"
    else
      missing+=("$version")
    fi
  done
  ((${#missing[@]} == 0)) ||
    fail "pyenv has no Python ${missing[*]} under $root/versions (install with: pyenv install ${missing[*]})"
}

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Starts `name` with `command...` unless something listens on `port`, then waits for it.
ensure_service() {
  local name="$1" port="$2" _
  shift 2
  if listening "$port"; then
    echo "$name is running on 127.0.0.1:$port"
    return
  fi
  echo "starting $name"
  "$@" || fail "could not start $name ($*)"
  for _ in $(seq 1 60); do
    listening "$port" && return
    sleep 1
  done
  fail "$name did not listen on 127.0.0.1:$port within 60 s"
}

# The machine's PostgreSQL, MariaDB, Redis and RabbitMQ, which the end-to-end tests use.
start_machine_services() {
  local cluster
  cluster="$(find /etc/postgresql -mindepth 1 -maxdepth 1 -printf '%f\n' | sort -V | tail -n 1)"
  ensure_service PostgreSQL 5432 pg_ctlcluster --skip-systemctl-redirect "$cluster" main start
  ensure_service MariaDB 3306 start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd
  mkdir -p /var/lib/redis /var/log/redis
  ensure_service Redis 6379 redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 \
    --save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log
  ensure_service RabbitMQ 5672 rabbitmq-server -detached
}

# uv, pinned: the tests build their venvs with it (test/support/installer.ts). It comes from
# the Python index (the `uv` wheel ships the binary), into a small tool venv of pyenv's
# Python kept under the test cache, so a warm machine reuses it. Prints the binary's path.
uv_version=0.13.8
install_uv() {
  local cache="$1" root="${PYENV_ROOT:-$HOME/.pyenv}" python tool
  tool="$cache/tools/uv-$uv_version"
  if [[ ! -x "$tool/bin/uv" ]]; then
    python="$(find "$root/versions" -maxdepth 3 -path '*/3.13.*/bin/python' 2>/dev/null | sort -V | tail -n 1)"
    [[ -n "$python" ]] || fail "no pyenv Python 3.13 to install uv with"
    rm -rf "$tool"
    "$python" -m venv "$tool" >&2 || fail "could not create the uv tool venv $tool"
    "$tool/bin/python" -m pip install --quiet --disable-pip-version-check "uv==$uv_version" >&2 ||
      fail "could not install uv==$uv_version from the Python index"
  fi
  echo "$tool/bin/uv"
}
