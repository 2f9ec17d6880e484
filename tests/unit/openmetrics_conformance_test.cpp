// Every case of the OpenMetrics parser conformance suite: our reader must accept exactly the
// expositions marked "shouldParse": true (accepted = no error reported).
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>

#include "prom_test_support.hpp"

using namespace prom_test;
namespace fs = std::filesystem;

TEST_CASE("the OpenMetrics reader agrees with all 211 conformance cases") {
  fs::path root = fs::path(MONCTL_SHARED_DIR) / "data" / "openmetrics-conformance";
  REQUIRE(fs::is_directory(root));
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
