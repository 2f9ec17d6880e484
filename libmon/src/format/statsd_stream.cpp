// StatsD packets split into lines for the parser (which places its reports at the packet).
#include "mon/format/statsd_stream.hpp"

#include "statsd_parser.hpp"

namespace mon::format {

namespace {

// Counts the reports on their way.
class CountingDiagnostics : public Diagnostics {
 public:
  explicit CountingDiagnostics(Diagnostics& next) : next_(next) {}
  bool error(const Location& where, const std::string& message) override {
    ++errors;
    return next_.error(where, message);
  }
  void warning(const Location& where, const std::string& message) override { next_.warning(where, message); }
  std::uint64_t errors = 0;

 private:
  Diagnostics& next_;
};

ReadOptions streamed(ReadOptions options) {
  options.stream = true;
  return options;
}

}  // namespace

struct StatsdStream::Impl {
  Impl(Sink& sink, Diagnostics& next, const ReadOptions& o) : options(streamed(o)), diag(next), parser(sink, diag, options) {}
  ReadOptions options;
  CountingDiagnostics diag;
  detail::StatsdParser parser;
  std::uint64_t lines = 0;
};

StatsdStream::StatsdStream(Sink& sink, Diagnostics& diag, ReadOptions options)
    : impl_(std::make_unique<Impl>(sink, diag, options)) {}
StatsdStream::~StatsdStream() = default;

bool StatsdStream::packet(std::string_view data, const std::string& source, std::uint64_t number) {
  std::uint64_t line_number = 0;
  while (!data.empty()) {
    std::size_t end = data.find('\n');
    std::string_view line = data.substr(0, end);
    data = end == std::string_view::npos ? std::string_view() : data.substr(end + 1);
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    ++impl_->lines;
    if (!impl_->parser.line(line, source, line_number, number)) return false;
  }
  return true;
}

std::uint64_t StatsdStream::lines() const { return impl_->lines; }
std::uint64_t StatsdStream::malformed() const { return impl_->diag.errors; }

}  // namespace mon::format
