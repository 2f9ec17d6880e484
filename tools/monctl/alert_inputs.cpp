#include "alert_inputs.hpp"

#include <cstdio>

#include "diagnostics.hpp"
#include "mon/error.hpp"
#include "mon/format/codec.hpp"
#include "mon/format/read_input.hpp"
#include "mon/net/http_get.hpp"
#include "mon/promql/storage_sink.hpp"
#include "mon/watch/scrape.hpp"

namespace monctl {

bool load_inputs(const AlertInputs& in, std::int64_t time_ms, mon::promql::Storage& storage) {
  mon::promql::StorageSink sink(storage, time_ms);
  StderrDiagnostics diag(false);
  mon::format::ReadOptions ro;
  ro.values_name = "value";
  ro.stream = true;  // a series may repeat at later timestamps: that is history, not a duplicate
  std::optional<mon::format::Format> from;
  if (in.from != "auto") from = mon::format::parse_format(in.from);
  bool clean = true;
  std::vector<std::string> files = in.files;
  if (files.empty() && in.scrapes.empty()) files.push_back("-");
  for (const auto& f : files) {
    try {
      clean = mon::format::read_input(f, from, sink, diag, ro) && clean;
    } catch (const mon::Error& e) {
      std::fprintf(stderr, "monctl: error: %s\n", e.what());
      clean = false;
    }
  }
  if (!in.scrapes.empty()) {
    mon::net::HttpClient client;
    mon::watch::ScrapeOptions so;
    so.timeout_ms = in.scrape_timeout_ms;
    for (const auto& url : in.scrapes) {
      std::string why = mon::watch::scrape_once(client, url, so, sink, time_ms);
      if (!why.empty()) {
        std::fprintf(stderr, "monctl: error: scrape of %s failed: %s\n", mon::watch::shown_url(url).c_str(), why.c_str());
        clean = false;
      }
    }
  }
  diag.summarize();
  return clean;
}

}  // namespace monctl
