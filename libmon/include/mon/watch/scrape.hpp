#pragma once
// `monctl watch --scrape URL`: Prometheus/OpenMetrics endpoints scraped as Prometheus scrapes
// them. The Accept header Prometheus sends (OpenMetrics first, then text 0.0.4); the answer's
// content type picks the parser (detection when it names neither); exposition timestamps are
// honoured (honor_timestamps), every other sample gets the scrape's start time. Each sample is
// labelled instance="host:port" (a label of that name already there becomes exported_instance,
// as with honor_labels: false), and each scrape adds up, scrape_duration_seconds and
// scrape_samples_scraped. A scrape that fails (no answer, an HTTP status other than 2xx, a body
// over the limit, a malformed exposition) passes on none of its samples: up is 0.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "mon/format/sink.hpp"
#include "mon/net/http_get.hpp"

namespace mon::watch {

struct ScrapeOptions {
  std::vector<std::string> urls;     // none: not this source
  std::int64_t every_ms = 10'000;    // scrapes aligned to multiples of it since the epoch
  std::int64_t timeout_ms = 10'000;  // each scrape's limit; at most every_ms
  std::size_t max_body = 16u << 20;  // bytes
  bool honor_timestamps = true;
};

// What Prometheus sends.
extern const char* const kScrapeAccept;

// instance="host:port" of a URL, as Prometheus labels a target: no userinfo, the scheme's port
// (80, 443) when the URL names none.
std::string instance_of(const std::string& url);

// The URL without its userinfo ("user:secret@"): what messages show.
std::string shown_url(const std::string& url);

// One scrape, started at scrape_ms, into sink. Returns "" when up, else why not (without the URL).
std::string scrape_once(net::HttpClient& client, const std::string& url, const ScrapeOptions& options,
                        format::Sink& sink, std::int64_t scrape_ms);

// Every target on a thread of its own, scraped on the multiples of every_ms, until an exception
// ends the thread (the sink's way of saying enough). on_failure gets "URL: why" for every failed
// scrape, from those threads. Throws mon::Error at once when libcurl cannot be loaded.
void scrape_forever(const ScrapeOptions& options, format::Sink& sink,
                    const std::function<void(const std::string&)>& on_failure);

}  // namespace mon::watch
