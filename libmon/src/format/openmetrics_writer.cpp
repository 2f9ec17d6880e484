// Writer for the OpenMetrics 1.0 text format (openmetrics.io, "Text format" and its ABNF).
//
// Families are mapped from the model as OpenMetrics names them:
//   counter "x_total" with samples "x_total" (Prometheus style) -> # TYPE x counter, x_total
//   counter "x" with samples "x_total"/"x_created"              -> # TYPE x counter
//   counter "x" with samples "x" (no _total)                    -> # TYPE x unknown
//     (an OpenMetrics counter's samples must end in _total; renaming "x" to "x_total" would
//      make it a different series for everything downstream, so it keeps its name, untyped)
//   untyped -> unknown; every other type by its own name.
// UNIT is written only when the family name ends in "_<unit>" (the spec's rule) and the type
// allows one; otherwise the unit is dropped. Timestamps are exact decimal seconds.
//
// OpenMetrics forbids a family's samples to be split by another family. A writer that streams
// cannot regroup them in constant memory, so a family that reappears (several inputs) gets its
// samples written again without metadata, as in the Prometheus writer, and nothing is reported;
// such output is not strictly OpenMetrics (monctl-export(1) says so). A counter "x_total" whose
// OpenMetrics name "x" an earlier family already took (Go's go_memstats_alloc_bytes gauge and
// go_memstats_alloc_bytes_total counter) is written as unknown under its own name instead of
// clashing. "# EOF" ends the output in finish().
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
  std::string_view name;
  MetricType type;
};

Target target_of(const model::Family& f, std::string_view sample) {
  std::string_view fam = f.name;
  if (f.type == MetricType::counter && sample == fam) {
    if (ends_with(fam, "_total")) return {fam.substr(0, fam.size() - 6), MetricType::counter};
    return {fam, MetricType::untyped};
  }
  if (f.type == MetricType::counter && !model::belongs_to(sample, fam, f.type)) return {sample, MetricType::untyped};
  return {fam, f.type};
}

class OpenMetricsWriter : public Sink {
 public:
  explicit OpenMetricsWriter(io::Output& out) : out_(out) {}

  void family(const model::Family& f) override {
    flush_pending();
    pending_ = f;
    has_pending_ = true;
  }

  void sample(const model::Family& f, const model::Sample& s) override {
    Target t = target_of(f, s.name);
    if (t.type == MetricType::counter && t.name.size() < f.name.size() && written_.contains(text::fnv1a(t.name)) &&
        !owners_.contains(text::fnv1a(f.name, text::fnv1a(t.name)))) {
      // "x_total" would become counter "x", but "x" is taken (a gauge "x" came first, as in
      // Go's go_memstats_alloc_bytes): keep the sample's own name, untyped, not a clash.
      t = {f.name, MetricType::untyped};
    }
    bool declared = false;
    if (has_pending_) {
      if (pending_.name == f.name) declared = true;
      else flush_pending();
      has_pending_ = false;
    }
    std::string& b = out_.buffer();
    if (t.name != open_) {
      open_.assign(t.name);
      if (written_.insert(text::fnv1a(t.name))) {
        owners_.insert(text::fnv1a(f.name, text::fnv1a(t.name)));
        write_metadata(b, f, t.name, t.type, declared);
      }
    }
    text::append_sample(b, s, true);
    out_.maybe_flush();
  }

  void finish() override {
    flush_pending();
    out_.buffer() += "# EOF\n";
    out_.flush();
  }

 private:
  void flush_pending() {
    if (!has_pending_) return;
    has_pending_ = false;
    std::string_view name = pending_.name;
    MetricType type = pending_.type;
    if (type == MetricType::counter && ends_with(name, "_total")) name.remove_suffix(6);
    if (!written_.insert(text::fnv1a(name))) return;
    owners_.insert(text::fnv1a(pending_.name, text::fnv1a(name)));
    write_metadata(out_.buffer(), pending_, name, type, true);
    open_.assign(name);
    out_.maybe_flush();
  }

  // Families that came without any metadata get none (OpenMetrics reads them as unknown).
  static void write_metadata(std::string& b, const model::Family& f, std::string_view name, MetricType type,
                             bool declared) {
    if (type != MetricType::untyped || declared || f.has_help) {
      b += "# TYPE ";
      b += name;
      b += ' ';
      b += type == MetricType::untyped ? std::string_view("unknown") : model::to_string(type);
      b += '\n';
    }
    if (!f.unit.empty() && type != MetricType::info && type != MetricType::stateset && name.size() > f.unit.size() &&
        ends_with(name, f.unit) && name[name.size() - f.unit.size() - 1] == '_') {
      b += "# UNIT ";
      b += name;
      b += ' ';
      b += f.unit;
      b += '\n';
    }
    if (f.has_help) {
      b += "# HELP ";
      b += name;
      b += ' ';
      text::append_help(b, f.help, true);
      b += '\n';
    }
  }

  io::Output& out_;
  std::string open_;
  model::Family pending_;
  bool has_pending_ = false;
  text::NameHashSet written_{1 << 18};  // names whose metadata was written
  text::NameHashSet owners_{1 << 18};   // (name, family it was written for)
};

}  // namespace

std::unique_ptr<Sink> make_openmetrics_writer(io::Output& out) { return std::make_unique<OpenMetricsWriter>(out); }

}  // namespace mon::format::detail
