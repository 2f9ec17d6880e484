// The OpenMetrics parser against cases that say whether an exposition must be accepted
// (accepted = no error reported): our own, written from the specification, always; the
// OpenMetrics project's 211 conformance cases when the shared data is there.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>

#include "prom_test_support.hpp"
#include "sample_inputs.hpp"

using namespace prom_test;
namespace fs = std::filesystem;

TEST_CASE("the OpenMetrics reader accepts our valid cases and rejects our invalid ones") {
  int cases = 0;
  for (bool should_parse : {true, false}) {
    for (const auto& path : sample_inputs::own_openmetrics_cases(should_parse)) {
      Result r = read_om(slurp(path.string()));
      bool accepted = r.errors.empty();
      INFO("case ", path.filename().string(), ": expected ", should_parse ? "accept" : "reject", ", got ",
           accepted ? std::string("no error") : r.errors.front());
      CHECK(accepted == should_parse);
      ++cases;
    }
  }
  CHECK(cases >= 20);
}

TEST_CASE("the OpenMetrics reader agrees with all 211 conformance cases") {
  if (sample_inputs::skip_without_shared("openmetrics-conformance")) return;
  fs::path root = sample_inputs::shared("openmetrics-conformance");
  std::vector<fs::path> cases;
  for (const auto& entry : fs::directory_iterator(root))
    if (entry.is_directory() && fs::exists(entry.path() / "test.json")) cases.push_back(entry.path());
  std::sort(cases.begin(), cases.end());
  int agreed = 0;
  for (const auto& dir : cases) {
    std::string spec = slurp((dir / "test.json").string());
    bool should_parse = spec.find("\"shouldParse\": true") != std::string::npos;
    REQUIRE((should_parse || spec.find("\"shouldParse\": false") != std::string::npos));
    Result r = read_om(slurp((dir / "metrics").string()));
    bool accepted = r.errors.empty();
    std::string why = r.errors.empty() ? "no error" : r.errors.front();
    INFO("case ", dir.filename().string(), ": expected ", should_parse ? "accept" : "reject", ", got ", why);
    CHECK(accepted == should_parse);
    CHECK(r.ok == accepted);
    if (accepted == should_parse) ++agreed;
  }
  CHECK(cases.size() == 211);
  CHECK(agreed == 211);
}
