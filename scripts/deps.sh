# Sourced by scripts/test, scripts/demo and the bench scripts: installs the Debian packages monctl
# needs to build, test and benchmark, when any is missing. Quiet when all are present.
MONCTL_PACKAGES=(
  # build
  cmake ninja-build g++ ccache pkg-config
  libcli11-dev libfmt-dev nlohmann-json3-dev libcurl4-openssl-dev doctest-dev libyaml-cpp-dev libcpp-httplib-dev
  # tests: the real peers, started on loopback by the tests themselves
  prometheus prometheus-pushgateway prometheus-alertmanager prometheus-node-exporter redis-server monitoring-plugins-basic
  python3-aiosmtpd
  openssl python3 curl mandoc time procps iproute2 tmux
  # benchmarks
  hyperfine datamash miller
)

monctl_install_deps() {
  local missing=() p
  for p in "${MONCTL_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "monctl: need root or sudo to install: ${missing[*]}" >&2; return 1; }
    sudo=(sudo)
  fi
  echo "Installing missing Debian packages: ${missing[*]}" >&2
  # Installing a server package must not start it on the machine: the tests start their own.
  local policy=/usr/sbin/policy-rc.d created=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | "${sudo[@]}" tee "$policy" >/dev/null && "${sudo[@]}" chmod +x "$policy" && created=1
  fi
  local rc=0
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null || rc=$?
  if [ $rc -eq 0 ]; then
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" \
      >/tmp/monctl-apt.log 2>&1 || { rc=$?; tail -n 20 /tmp/monctl-apt.log >&2; }
  fi
  [ $created -eq 1 ] && "${sudo[@]}" rm -f "$policy"
  return $rc
}

# monctl_build DIR [cmake args…]: configures (once) and builds monctl into DIR.
monctl_build() {
  local dir=$1
  shift
  local top
  top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  local launcher=()
  command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  if [ ! -f "$dir/build.ninja" ]; then
    cmake -S "$top" -B "$dir" -G Ninja "${launcher[@]}" "$@" >"$dir.configure.log" 2>&1 \
      || { cat "$dir.configure.log" >&2; return 1; }
  else
    cmake "$dir" "$@" >"$dir.configure.log" 2>&1 || { cat "$dir.configure.log" >&2; return 1; }
  fi
  # Paths relative to the checkout, so that a second checkout (CI's plain copy) hits the cache.
  CCACHE_BASEDIR="$top" CCACHE_NOHASHDIR=1 cmake --build "$dir" -- -j"$(nproc)" >"$dir.build.log" 2>&1 || { grep -E 'error|Error|FAILED' -A5 "$dir.build.log" | head -n 80 >&2; return 1; }
}
