#pragma once
// The inputs the format tests run over. Always: our own hand-written cases in tests/data
// (metrics/ for expositions, openmetrics/accept and openmetrics/reject for the parser). When
// ../shared is beside the project (CI has it, a plain clone does not): real exporters' captures
// and the OpenMetrics project's conformance suite as well. A test that needs shared data calls
// skip_without_shared(), which prints "SKIPPED: …" — tests/CMakeLists.txt makes CTest report
// such a test as skipped; a test that only gains extra inputs from it runs on ours alone.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace sample_inputs {

namespace fs = std::filesystem;

inline fs::path own(std::string_view sub) { return fs::path(MONCTL_TEST_DATA) / sub; }
inline fs::path shared(std::string_view sub) { return fs::path(MONCTL_SHARED_DIR) / "data" / sub; }
inline bool have_shared(std::string_view sub) { return fs::exists(shared(sub)); }

// True (and a visible notice) when the shared data is missing: the caller returns.
inline bool skip_without_shared(std::string_view sub) {
  if (have_shared(sub)) return false;
  std::printf("SKIPPED: no shared data at %s (a plain clone has none; CI has it)\n", shared(sub).c_str());
  std::fflush(stdout);
  return true;
}

inline std::vector<fs::path> files_in(const fs::path& dir, std::string_view extension) {
  std::vector<fs::path> files;
  if (fs::is_directory(dir))
    for (const auto& e : fs::directory_iterator(dir))
      if (e.is_regular_file() && (extension.empty() || e.path().extension() == extension)) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  return files;
}

// Prometheus text expositions: ours, then the real exporters' captures when present.
// `all_text`: also the shared capture named .openmetrics, which really is text format 0.0.4.
inline std::vector<fs::path> prom_files(bool all_text = false) {
  auto files = files_in(own("metrics"), ".prom");
  for (const auto& f : files_in(shared("exposition"), all_text ? "" : ".prom")) files.push_back(f);
  return files;
}

// OpenMetrics parser cases written by us from the specification.
inline std::vector<fs::path> own_openmetrics_cases(bool accept) {
  return files_in(own(accept ? "openmetrics/accept" : "openmetrics/reject"), ".om");
}

}  // namespace sample_inputs
