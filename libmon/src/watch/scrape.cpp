// mon/watch/scrape.hpp: fetch, parse into a buffer (a scrape is all or nothing, as in
// Prometheus), then pass the samples on with the target's label and the scrape's time.
#include "mon/watch/scrape.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <exception>
#include <memory>
#include <optional>
#include <thread>

#include "mon/error.hpp"
#include "mon/format/codec.hpp"
#include "mon/io/input.hpp"

namespace mon::watch {

const char* const kScrapeAccept =
    "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,"
    "text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

namespace {

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Collects one exposition: families and samples in order, so that nothing goes on unless all parsed.
class Buffer : public format::Sink {
 public:
  void family(const model::Family& f) override { current(f); }
  void sample(const model::Family& f, const model::Sample& s) override { samples_.push_back({current(f), s}); }
  std::size_t size() const { return samples_.size(); }
  template <typename F>
  void each(F&& f) {
    for (auto& [i, s] : samples_) f(families_[i], s);
  }

 private:
  std::size_t current(const model::Family& f) {
    if (families_.empty() || families_.back().name != f.name || families_.back().type != f.type) families_.push_back(f);
    return families_.size() - 1;
  }
  std::vector<model::Family> families_;
  std::vector<std::pair<std::size_t, model::Sample>> samples_;
};

// Adds a label, keeping the labels sorted; one of that name already there is renamed exported_NAME.
void add_target_label(model::Labels& labels, const std::string& name, const std::string& value) {
  auto by_name = [](const model::Label& l, const std::string& n) { return l.name < n; };
  auto it = std::lower_bound(labels.begin(), labels.end(), name, by_name);
  if (it != labels.end() && it->name == name) {
    std::string theirs = std::move(it->value);
    labels.erase(it);
    add_target_label(labels, "exported_" + name, theirs);
    it = std::lower_bound(labels.begin(), labels.end(), name, by_name);
  }
  labels.insert(it, {name, value});
}

std::optional<format::Format> format_of(const std::string& content_type, std::string_view body) {
  std::string type = content_type.substr(0, content_type.find(';'));
  std::transform(type.begin(), type.end(), type.begin(), [](unsigned char c) { return std::tolower(c); });
  while (!type.empty() && type.back() == ' ') type.pop_back();
  if (type == "application/openmetrics-text") return format::Format::openmetrics;
  if (type == "text/plain") return format::Format::prom;
  auto detected = format::detect(body.substr(0, 4096));
  if (detected == format::Format::openmetrics || detected == format::Format::prom) return detected;
  return std::nullopt;
}

// The first line of a body, short, for an HTTP error's message.
std::string first_line(const std::string& text) {
  std::string line = text.substr(0, text.find('\n'));
  if (line.size() > 200) line = line.substr(0, 200) + "...";
  return line;
}

// Keeps the first error, placed by line and column only (the URL leads the message already).
class FirstError : public format::Diagnostics {
 public:
  bool error(const Location& where, const std::string& message) override {
    if (first.empty()) first = "malformed exposition at line " + std::to_string(where.line) + ": " + message;
    return false;
  }
  std::string first;
};

void synthetic(format::Sink& sink, const std::string& name, const std::string& help, const std::string& instance,
               double value, std::int64_t ms) {
  model::Family f{name, model::MetricType::gauge, help, {}, true};
  sink.family(f);
  sink.sample(f, model::Sample{name, {{"instance", instance}}, value, ms});
}

}  // namespace

std::string instance_of(const std::string& url) {
  const net::UrlAuthority a = net::url_authority(url);
  std::string hostport = url.substr(a.host, a.end - a.host);
  const bool bracketed = !hostport.empty() && hostport.front() == '[';
  const auto close = hostport.rfind(']');
  const auto colon = hostport.rfind(':');
  const bool has_port = colon != std::string::npos && (!bracketed || (close != std::string::npos && colon > close));
  const bool https = a.begin != 0 && url.compare(0, a.begin, "https://") == 0;
  if (!has_port) hostport += https ? ":443" : ":80";
  return hostport;
}

std::string shown_url(const std::string& url) {
  const net::UrlAuthority a = net::url_authority(url);
  return url.substr(0, a.begin) + url.substr(a.host);
}

std::string scrape_once(net::HttpClient& client, const std::string& url, const ScrapeOptions& options,
                        format::Sink& sink, std::int64_t scrape_ms) {
  net::GetOptions get;
  char timeout[64];
  std::snprintf(timeout, sizeof timeout, "X-Prometheus-Scrape-Timeout-Seconds: %g",
                static_cast<double>(options.timeout_ms) / 1000);
  get.headers = {std::string("Accept: ") + kScrapeAccept, timeout};
  get.timeout_ms = options.timeout_ms;
  get.max_body = options.max_body;
  net::GetResult got = client.get(url, get);
  std::string why = got.error;
  Buffer buffer;
  if (got.ok && (got.status < 200 || got.status > 299)) {
    why = "the server answered HTTP " + std::to_string(got.status);
    if (!got.body.empty()) why += ": " + first_line(got.body);
  } else if (got.ok) {
    auto fmt = format_of(got.content_type, got.body);
    if (!fmt) {
      why = "not a Prometheus or OpenMetrics exposition (Content-Type: " +
            (got.content_type.empty() ? std::string("none") : got.content_type) + ")";
    } else {
      int devnull = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
      if (devnull < 0) throw Error("cannot open /dev/null");
      FirstError diag;
      try {
        io::LineReader in(devnull, shown_url(url), got.body);
        format::read(*fmt, in, buffer, diag);
      } catch (const Error& e) {
        if (diag.first.empty()) diag.first = e.what();
      }
      ::close(devnull);
      why = diag.first;
    }
  }
  const std::string instance = instance_of(url);
  const bool up = why.empty();
  if (up) {
    buffer.each([&](const model::Family& f, model::Sample& s) {
      add_target_label(s.labels, "instance", instance);
      if (!options.honor_timestamps || !s.timestamp_ms) {
        s.timestamp_ms = scrape_ms;
        s.timestamp_sub_ms_ns = 0;
      }
      sink.sample(f, s);
    });
  }
  synthetic(sink, "up", "1 if the target was scraped, 0 if the scrape failed.", instance, up ? 1 : 0, scrape_ms);
  synthetic(sink, "scrape_duration_seconds", "Duration of the scrape.", instance, got.seconds, scrape_ms);
  synthetic(sink, "scrape_samples_scraped", "The number of samples the target exposed.", instance,
            up ? static_cast<double>(buffer.size()) : 0, scrape_ms);
  return why;
}

void scrape_forever(const ScrapeOptions& options, format::Sink& sink,
                    const std::function<void(const std::string&)>& on_failure) {
  std::vector<std::unique_ptr<net::HttpClient>> clients;
  for (std::size_t i = 0; i < options.urls.size(); ++i) clients.push_back(std::make_unique<net::HttpClient>());
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < options.urls.size(); ++i) {
    threads.emplace_back([&, i] {
      const std::string& url = options.urls[i];
      try {
        for (;;) {
          std::int64_t now = now_ms();
          std::int64_t next = (now / options.every_ms + 1) * options.every_ms;
          std::this_thread::sleep_for(std::chrono::milliseconds(next - now));
          std::string why = scrape_once(*clients[i], url, options, sink, now_ms());
          if (!why.empty()) on_failure(shown_url(url) + ": " + why);
        }
      } catch (const std::exception& e) {
        on_failure(shown_url(url) + ": " + e.what());
      } catch (...) {  // the sink's "enough": this target's work is done
      }
    });
  }
  for (auto& t : threads) t.join();
}

}  // namespace mon::watch
