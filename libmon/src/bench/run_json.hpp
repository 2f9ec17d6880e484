#pragma once
// Internal: the per-run fields that hyperfine's JSON export and our baseline share, written
// once so the two files cannot drift apart ("exit_codes", then "parameters" when there are any).
#include <nlohmann/json.hpp>

#include "mon/bench/runner.hpp"

namespace mon::bench::detail {

inline void add_exit_codes_and_parameters(nlohmann::ordered_json& o, const Result& r) {
  using Json = nlohmann::ordered_json;
  Json codes = Json::array();
  for (const auto& e : r.exits) codes.push_back(e.exited ? Json(e.code) : Json(nullptr));
  o["exit_codes"] = std::move(codes);
  if (!r.benchmark.parameters.empty()) {
    Json params = Json::object();
    for (const auto& p : r.benchmark.parameters) params[p.name] = p.value;
    o["parameters"] = std::move(params);
  }
}

}  // namespace mon::bench::detail
