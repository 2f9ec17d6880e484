// Writer for the Prometheus text exposition format 0.0.4.
//
// Each sample is written under a "text family": the name its HELP/TYPE lines carry, which in
// this format must equal the sample's name (or its stem for histograms and summaries). The
// model's families come from any reader, so they are mapped here:
//   counter "x" with samples "x"            -> # TYPE x counter        (Prometheus style)
//   counter "x" with samples "x_total"      -> # TYPE x_total counter  (OpenMetrics style)
//   "x_created" of counters, histograms and summaries, every gaugehistogram sample
//                                            -> untyped, no metadata   (0.0.4 has no such types)
//   info "x" with samples "x_info"           -> # TYPE x_info gauge
//   stateset "x"                             -> # TYPE x gauge
// HELP/TYPE are written when a text family opens. A family that reappears after another one
// (several inputs) gets its samples again without them: Prometheus' parsers accept that, while
// a second TYPE line they reject. The set of written names is bounded (NameHashSet).
#include "codecs.hpp"
#include "name_hash_set.hpp"
#include "text_escape.hpp"

namespace mon::format::detail {

namespace {

using model::MetricType;

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() > suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

struct Target {
  std::string_view name;  // the text family's name
  MetricType type = MetricType::untyped;
  bool metadata = true;  // false: a loose sample, written without HELP/TYPE
};

// Where a sample of `f` goes in 0.0.4 (see the table at the top).
Target target_of(const model::Family& f, std::string_view sample) {
  std::string_view fam = f.name;
  auto is = [&](std::string_view suffix) {
    return sample.size() == fam.size() + suffix.size() && sample.substr(0, fam.size()) == fam &&
           sample.substr(fam.size()) == suffix;
  };
  switch (f.type) {
    case MetricType::counter:
      if (sample == fam) return {fam, MetricType::counter};
      if (is("_total")) return {sample, MetricType::counter};
      break;
    case MetricType::histogram:
      if (sample == fam || is("_bucket") || is("_sum") || is("_count")) return {fam, MetricType::histogram};
      break;
    case MetricType::summary:
      if (sample == fam || is("_sum") || is("_count")) return {fam, MetricType::summary};
      break;
    case MetricType::info:
      if (is("_info") || (sample == fam && ends_with(fam, "_info"))) return {sample, MetricType::gauge};
      break;
    case MetricType::stateset:
    case MetricType::gauge:
    case MetricType::untyped:
      if (sample == fam) return {fam, f.type == MetricType::stateset ? MetricType::gauge : f.type};
      break;
    case MetricType::gaugehistogram:
      break;
  }
  return {sample, MetricType::untyped, false};
}

class PromWriter : public Sink {
 public:
  explicit PromWriter(io::Output& out) : out_(out) {}

  void family(const model::Family& f) override {
    flush_pending();
    pending_ = f;
    has_pending_ = true;
  }

  void sample(const model::Family& f, const model::Sample& s) override {
    Target t = target_of(f, s.name);
    bool declared = false;
    if (has_pending_) {
      // The family announced last gets its metadata under the name its first sample needs.
      if (pending_.name == f.name && t.metadata) declared = true;
      else flush_pending();
      has_pending_ = false;
    }
    std::string& b = out_.buffer();
    if (t.name != open_) {
      open_.assign(t.name);
      if (written_.insert(text::fnv1a(t.name)) && t.metadata) write_metadata(b, f, t.name, t.type, declared);
    }
    text::append_sample(b, s, false);
    out_.maybe_flush();
  }

  void finish() override {
    flush_pending();
    out_.flush();
  }

 private:
  // A family announced without samples keeps its metadata.
  void flush_pending() {
    if (!has_pending_) return;
    has_pending_ = false;
    const model::Family& f = pending_;
    std::string name = f.name;
    MetricType type = f.type;
    if (type == MetricType::gaugehistogram) return;  // 0.0.4 cannot say it; its samples go untyped
    if (type == MetricType::info) {
      if (!ends_with(name, "_info")) name += "_info";
      type = MetricType::gauge;
    } else if (type == MetricType::stateset) {
      type = MetricType::gauge;
    }
    if (!written_.insert(text::fnv1a(name))) return;
    write_metadata(out_.buffer(), f, name, type, true);
    open_ = name;
    out_.maybe_flush();
  }

  // Untyped families without metadata get no TYPE line, as they came.
  static void write_metadata(std::string& b, const model::Family& f, std::string_view name, MetricType type,
                             bool declared) {
    if (f.has_help) {
      b += "# HELP ";
      b += name;
      b += ' ';
      text::append_help(b, f.help, false);
      b += '\n';
    }
    if (type != MetricType::untyped || declared || f.has_help) {
      b += "# TYPE ";
      b += name;
      b += ' ';
      b += model::to_string(type);
      b += '\n';
    }
  }

  io::Output& out_;
  std::string open_;
  model::Family pending_;
  bool has_pending_ = false;
  text::NameHashSet written_{1 << 18};
};

}  // namespace

std::unique_ptr<Sink> make_prom_writer(io::Output& out) { return std::make_unique<PromWriter>(out); }

}  // namespace mon::format::detail
