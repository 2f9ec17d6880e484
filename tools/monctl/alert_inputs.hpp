#pragma once
// The metrics `monctl alert query` and `alert run` evaluate: the files and pipes export reads, and
// `--scrape URL` targets, loaded into one PromQL storage.
#include <cstdint>
#include <string>
#include <vector>

#include "mon/promql/storage.hpp"

namespace monctl {

struct AlertInputs {
  std::vector<std::string> files;    // "-" = standard input; none and no scrape: standard input
  std::vector<std::string> scrapes;  // URLs
  std::string from = "auto";         // the input format, as export's --from
  std::int64_t scrape_timeout_ms = 10'000;
};

// Reads every input into storage; samples without a timestamp are taken at `time_ms`. Malformed
// lines are reported on stderr and skipped (the good ones are kept). Returns false when any input
// had errors or could not be read (the caller decides whether that is fatal).
bool load_inputs(const AlertInputs& in, std::int64_t time_ms, mon::promql::Storage& storage);

}  // namespace monctl
