#!/usr/bin/env bash
# cmake --install puts monctl, libmon's headers and archive, its CMake package and the man pages in
# place, and another project can find_package(libmon) and link it, from wherever the prefix was moved.
# The binary does not link libcurl (offline subcommands must not pay its start-up cost).
source "$(dirname "$0")/lib.sh"
: "${MONCTL_BUILD_DIR:?}" "${MONCTL_SOURCE_DIR:?}"

run cmake --install "$MONCTL_BUILD_DIR" --prefix "$WORK/prefix"
expect_rc 0 "cmake --install"
expect_file "$WORK/prefix/bin/monctl" "monctl installed"
expect_file "$WORK/prefix/include/mon/model/metric.hpp" "headers installed"
expect_file "$WORK/prefix/lib/libmon.a" "archive installed"
expect_file "$WORK/prefix/lib/cmake/libmon/libmonConfig.cmake" "CMake package installed"
expect_file "$WORK/prefix/share/man/man1/monctl.1" "man page installed"
expect_file "$WORK/prefix/share/man/man1/monctl-export.1" "export man page installed"

mkdir -p "$WORK/consumer"
cat >"$WORK/consumer/CMakeLists.txt" <<'CM'
cmake_minimum_required(VERSION 3.25)
project(consumer CXX)
find_package(libmon REQUIRED)
add_executable(consumer main.cpp)
target_link_libraries(consumer PRIVATE libmon::mon)
CM
cat >"$WORK/consumer/main.cpp" <<'CPP'
#include <cstdio>
#include "mon/model/names.hpp"
#include "mon/time/duration.hpp"
int main() {
  auto d = mon::time::parse_duration("1m30s");
  std::printf("%s %s\n", mon::time::format_duration(d).c_str(), mon::model::sanitize_metric_name("a-b").c_str());
}
CPP
# A sanitizer build's archive needs the sanitizer runtime at link time.
san=()
case "$(ldd "$WORK/prefix/bin/monctl")" in
  *libasan*) san=(-DCMAKE_EXE_LINKER_FLAGS=-fsanitize=address,undefined) ;;
  *libtsan*) san=(-DCMAKE_EXE_LINKER_FLAGS=-fsanitize=thread) ;;
esac
# The package is relocatable: no absolute path of the build machine in it, and a prefix moved
# elsewhere after installing still works.
run grep -rlE "$MONCTL_SOURCE_DIR|$MONCTL_BUILD_DIR|$WORK/prefix|/usr/include" "$WORK/prefix/lib/cmake/libmon"
expect_out "" "the CMake package names no absolute path"
mv "$WORK/prefix" "$WORK/moved"
run cmake -S "$WORK/consumer" -B "$WORK/consumer/build" -DCMAKE_PREFIX_PATH="$WORK/moved" "${san[@]+"${san[@]}"}"
expect_rc 0 "find_package(libmon) configures"
run cmake --build "$WORK/consumer/build"
expect_rc 0 "a consumer links libmon::mon"
run "$WORK/consumer/build/consumer"
expect_out "1m30s a_b" "the consumer runs"

run ldd "$WORK/moved/bin/monctl"
expect_not_contains "$OUT" "libcurl" "monctl does not link libcurl"
if [[ "$OUT" != *libasan* && "$OUT" != *libtsan* ]]; then  # sanitizer builds link the shared runtime
  expect_not_contains "$OUT" "libstdc++" "monctl links libstdc++ statically"
fi

finish
