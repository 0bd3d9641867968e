# Shared by scripts/demo.sh and scripts/test.sh: package installation and the
# per-LLVM-major build. Source it; it defines functions only.

VALUETASK_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VALUETASK_JOBS=${VALUETASK_JOBS:-2}

log() { printf '\n== %s\n' "$*"; }

# Installs the Debian packages that are missing; a no-op when all are present.
ensure_packages() {
  local missing=()
  local p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

llvm_packages() {
  local n=$1
  echo "clang-$n clang-tidy-$n clangd-$n libclang-$n-dev llvm-$n-dev llvm-$n-tools libclang-rt-$n-dev"
}

base_packages() {
  echo "cmake ninja-build g++ g++-12-multilib gcc-multilib lld python3 python3-psutil python3-yaml libgtest-dev libgmock-dev googletest libbenchmark-dev libboost1.81-dev libboost1.81-doc neovim"
}

# configure_and_build <build-dir> <cmake args...>
configure_and_build() {
  local dir=$1; shift
  cmake -S "$VALUETASK_ROOT" -B "$dir" -G Ninja "$@" >"$dir.configure.log" 2>&1 \
    || { mkdir -p "$dir"; cat "$dir.configure.log"; return 1; }
  cmake --build "$dir" -j "$VALUETASK_JOBS"
}
