// Writer for the OpenMetrics 1.0 text format (openmetrics.io, "Text format" and its ABNF). Its
// output always passes monctl's own strict OpenMetrics reader: what OpenMetrics forbids is
// repaired where the data allows it and otherwise dropped, and counted in notes().
//
// Families are mapped from the model as OpenMetrics names them:
//   counter "x_total" with samples "x_total" (Prometheus style) -> # TYPE x counter, x_total
//   counter "x" with samples "x_total"/"x_created"              -> # TYPE x counter
//   counter "x" with samples "x" (no _total)                    -> # TYPE x unknown
//     (an OpenMetrics counter's samples must end in _total; renaming "x" to "x_total" would
//      make it a different series for everything downstream, so it keeps its name, untyped)
//   untyped -> unknown; every other type by its own name.
// A sample whose family name clashes with an earlier family's names (Go's gauge
// go_memstats_alloc_bytes and counter go_memstats_alloc_bytes_total, a gauge "x_count" beside a
// histogram "x") is written as unknown under its own name, or dropped when that clashes too.
// UNIT is written only when the family name ends in "_<unit>" (the spec's rule) and the type
// allows one. Timestamps are exact decimal seconds.
//
// Families are grouped: OpenMetrics forbids a family's samples to be split by another family,
// and several inputs often repeat one (every node's "up"). So the output is held back: samples
// go, already formatted, into a SpillStore (memory up to 8 MiB, then an unlinked temporary
// file) as runs of one family, and finish() writes each family's metadata and runs in order of
// first appearance, then "# EOF". Memory holds per family its metadata, its runs' offsets and a
// 64-bit hash per label set (to catch a series that reappears); when the runs' index grows past
// kMaxRuns (a family switch every few samples), the store is rewritten grouped and the index
// shrinks to one run per family.
//
// Per MetricPoint (the samples of one label set and timestamp) the type's rules are checked:
//   counter   _total not negative or NaN                       else the sample is dropped
//   summary   quantile label a number in [0, 1], value >= 0; _count an integer >= 0; _sum
//             not negative or NaN                             else the sample is dropped
//   histogram buckets sorted by le (repaired), le a number written "+Inf" when infinite
//             (repaired), counts cumulative integers; the +Inf bucket is added from _count
//             when missing; _count added from +Inf when only _sum is there; _count without
//             _sum dropped; _count equal to +Inf         else the whole point is dropped
//   info 1, stateset 0 or 1 with its state label             else the sample is dropped
// and across points a label set may not reappear in its family except as a later point in
// time (rising timestamps); a repeat is dropped.
#include <algorithm>
#include <cmath>
#include <map>
#include <unordered_map>

#include "codecs.hpp"
#include "mon/format/writer_notes.hpp"
#include "name_hash_set.hpp"
#include "openmetrics_checks.hpp"
#include "openmetrics_number.hpp"
#include "spill_store.hpp"
#include "text_escape.hpp"

namespace mon::format::detail {

namespace {

using model::MetricType;

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() > suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool is_integer(double v) { return std::isfinite(v) && std::floor(v) == v; }

bool histo(MetricType t) { return t == MetricType::histogram || t == MetricType::gaugehistogram; }

const std::string* label(const model::Labels& labels, std::string_view name) {
  for (const auto& l : labels)
    if (l.name == name) return &l.value;
  return nullptr;
}

void set_label(model::Labels& labels, std::string_view name, std::string_view value) {
  for (auto& l : labels)
    if (l.name == name) {
      l.value.assign(value);
      return;
    }
  model::Label nl{std::string(name), std::string(value)};
  labels.insert(std::lower_bound(labels.begin(), labels.end(), nl,
                                 [](const model::Label& a, const model::Label& b) { return a.name < b.name; }),
                std::move(nl));
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

class OpenMetricsWriter : public Sink, public WriterNotes {
 public:
  static constexpr std::size_t kMaxRuns = 1 << 20;

  explicit OpenMetricsWriter(io::Output& out) : out_(out) {}

  void family(const model::Family& f) override {
    flush_pending();
    pending_ = f;
    has_pending_ = true;
  }

  void sample(const model::Family& f, const model::Sample& s) override {
    bool declared = false;
    if (has_pending_) {
      if (pending_.name == f.name) declared = true;
      else flush_pending();
      has_pending_ = false;
    }
    Target t = target_of(f, s.name);
    std::size_t fam = find_or_add(f, t, s.name, declared);
    if (fam == kNone) return drop(1, "samples whose family name clashes with an earlier family's");
    add_to_point(fam, s);
  }

  void finish() override {
    flush_pending();
    finish_point();
    close_run();
    for (const Fam& f : fams_) {
      out_.write(f.meta);
      for (const Run& r : f.runs) store_->copy_to(out_, r.offset, r.length);
    }
    out_.write("# EOF\n");
    out_.flush();
  }

  std::vector<std::string> notes() const override {
    std::vector<std::string> v;
    for (const auto& [what, n] : notes_) v.push_back("openmetrics: " + what + ": " + std::to_string(n));
    return v;
  }

 private:
  static constexpr std::size_t kNone = static_cast<std::size_t>(-1);

  struct Run {
    std::uint64_t offset, length;
  };
  struct Fam {
    std::string name;
    MetricType type;
    std::string meta;  // its TYPE/UNIT/HELP lines
    std::vector<Run> runs;
    text::NameHashSet groups{1 << 16};
    bool have_last = false, last_has_ts = false;
    std::uint64_t last_group = 0;
    std::int64_t last_ts = 0;
  };

  void drop(std::size_t n, const std::string& why) { notes_["dropped " + why] += n; }
  void repaired(const std::string& what) { notes_[what] += 1; }

  // The names a family of this type takes (openmetrics_checks' register_names).
  template <class F>
  static void names_of(std::string_view name, MetricType type, F&& each) {
    const auto& sfx = om::suffixes_of(type);
    for (auto suffix : sfx) each(text::fnv1a(suffix, text::fnv1a(name)));
    if (!sfx.empty() && sfx[0] != "") each(text::fnv1a(name));
  }

  bool free(std::string_view name, MetricType type) const {
    bool ok = true;
    names_of(name, type, [&](std::uint64_t h) { ok = ok && !taken_.contains(h); });
    return ok;
  }

  std::size_t add(const model::Family& f, std::string_view name, MetricType type, bool declared) {
    names_of(name, type, [&](std::uint64_t h) { taken_.insert(h); });
    fams_.emplace_back();
    Fam& fam = fams_.back();
    fam.name.assign(name);
    fam.type = type;
    write_metadata(fam.meta, f, name, type, declared);
    index_.emplace(fam.name, fams_.size() - 1);
    return fams_.size() - 1;
  }

  // The output family for a sample named `sample`; kNone when its names clash and no fallback
  // fits.
  std::size_t find_or_add(const model::Family& f, Target t, std::string_view sample, bool declared) {
    if (last_fam_ != kNone && fams_[last_fam_].name == t.name && fams_[last_fam_].type == t.type &&
        om::allowed(sample, t.name, t.type))
      return last_fam_;
    std::size_t got = lookup(f, t, sample, declared);
    if (got == kNone && f.type == MetricType::untyped) {
      // An untyped "a_created" after counter "a" (a Prometheus text detour splits them) is that
      // counter's sample, as an OpenMetrics reader would read it.
      for (std::string_view suffix : {"_total", "_created", "_count", "_sum", "_bucket", "_gcount", "_gsum", "_info"}) {
        if (!ends_with(sample, suffix)) continue;
        auto it = index_.find(std::string(sample.substr(0, sample.size() - suffix.size())));
        if (it != index_.end() && om::allowed(sample, fams_[it->second].name, fams_[it->second].type)) {
          got = it->second;
          break;
        }
      }
    }
    if (got == kNone && !(t.name == sample && t.type == MetricType::untyped)) {
      // Its own name, unknown: Go's go_memstats_alloc_bytes_total beside the gauge
      // go_memstats_alloc_bytes stays a series of that name instead of clashing.
      got = lookup(f, {sample, MetricType::untyped}, sample, declared);
    }
    if (got != kNone) last_fam_ = got;
    return got;
  }

  std::size_t lookup(const model::Family& f, Target t, std::string_view sample, bool declared) {
    if (!om::allowed(sample, t.name, t.type)) return kNone;
    auto it = index_.find(std::string(t.name));
    if (it != index_.end()) return fams_[it->second].type == t.type ? it->second : kNone;
    if (!free(t.name, t.type)) return kNone;
    return add(f, t.name, t.type, declared);
  }

  // A family announced without samples (yet): it gets its metadata, OpenMetrics style.
  void flush_pending() {
    if (!has_pending_) return;
    has_pending_ = false;
    std::string_view name = pending_.name;
    MetricType type = pending_.type;
    if (type == MetricType::counter && ends_with(name, "_total")) name.remove_suffix(6);
    if (index_.count(std::string(name))) return;
    if (!free(name, type)) return repaired("left out families without samples whose name clashes with an earlier family's");
    add(pending_, name, type, true);
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
    if (f.has_help && !f.help.empty()) {
      b += "# HELP ";
      b += name;
      b += ' ';
      text::append_help(b, f.help, true);
      b += '\n';
    }
  }

  // --- MetricPoints -------------------------------------------------------------------------

  // The label that tells a point's samples apart (le, quantile, the stateset's state).
  std::string_view value_label(const Fam& f, std::string_view suffix) const {
    if (histo(f.type) && suffix == "_bucket") return "le";
    if (f.type == MetricType::summary && suffix.empty()) return "quantile";
    if (f.type == MetricType::stateset) return f.name;
    return {};
  }

  std::uint64_t hash_labels(const model::Labels& labels, std::string_view skip) const {
    std::uint64_t h = text::fnv1a({});
    for (const auto& l : labels) {
      if (l.name == skip) continue;
      h = text::fnv1a(l.value, text::fnv1a("\xfe", text::fnv1a(l.name, text::fnv1a("\xff", h))));
    }
    return h;
  }

  void add_to_point(std::size_t fam, const model::Sample& s) {
    const Fam& f = fams_[fam];
    std::string_view suffix = std::string_view(s.name).substr(f.name.size());
    std::string_view vl = value_label(f, suffix);
    std::uint64_t group = hash_labels(s.labels, vl);
    const std::string* v = vl.empty() ? nullptr : label(s.labels, vl);
    std::uint64_t key = text::fnv1a(v ? std::string_view(*v) : std::string_view("\x01"), text::fnv1a(suffix));
    bool has_ts = s.timestamp_ms.has_value();
    std::int64_t ts = has_ts ? *s.timestamp_ms : 0;
    if (point_.active) {
      bool same = point_.fam == fam && point_.group == group && point_.has_ts == has_ts && point_.ts == ts &&
                  std::find(point_.keys.begin(), point_.keys.end(), key) == point_.keys.end();
      if (!same) finish_point();
    }
    if (!point_.active) {
      point_.active = true;
      point_.fam = fam;
      point_.group = group;
      point_.has_ts = has_ts;
      point_.ts = ts;
      point_.n = 0;
      point_.keys.clear();
    }
    point_.keys.push_back(key);
    if (point_.n == point_.samples.size()) point_.samples.emplace_back();
    point_.samples[point_.n++] = s;
  }

  void finish_point() {
    if (!point_.active) return;
    point_.active = false;
    Fam& f = fams_[point_.fam];
    bool continues = f.have_last && point_.group == f.last_group;
    // A later point of the same series needs a timestamp not below the last (strictly above for
    // histograms, whose points the reader would otherwise merge).
    bool later = point_.has_ts && f.last_has_ts && (histo(f.type) ? point_.ts > f.last_ts : point_.ts >= f.last_ts);
    if (continues ? !later : f.groups.contains(point_.group))
      return drop(point_.n, "samples of a series that appeared twice in its family (OpenMetrics allows one, or "
                            "later ones with rising timestamps)");
    lines_.clear();
    if (histo(f.type)) histogram_point(f);
    else simple_point(f);
    if (lines_.empty()) return;  // all of it dropped
    if (!continues) f.groups.insert(point_.group);
    f.have_last = true;
    f.last_group = point_.group;
    f.last_has_ts = point_.has_ts;
    f.last_ts = point_.ts;
    if (run_fam_ != point_.fam) {
      close_run();
      run_fam_ = point_.fam;
      run_start_ = store_->size();
    }
    store_->append(lines_);
  }

  void close_run() {
    if (run_fam_ == kNone) return;
    std::uint64_t end = store_->size();
    if (end > run_start_) {
      auto& runs = fams_[run_fam_].runs;
      if (!runs.empty() && runs.back().offset + runs.back().length == run_start_) runs.back().length += end - run_start_;
      else runs.push_back({run_start_, end - run_start_}), ++runs_;
    }
    run_fam_ = kNone;
    if (runs_ > kMaxRuns) compact();
  }

  // Rewrites the store grouped by family: one run each.
  void compact() {
    auto grouped = std::make_unique<SpillStore>();
    for (Fam& f : fams_) {
      std::uint64_t start = grouped->size();
      for (const Run& r : f.runs) store_->copy_to(*grouped, r.offset, r.length);
      f.runs.clear();
      if (grouped->size() > start) f.runs.push_back({start, grouped->size() - start});
    }
    store_ = std::move(grouped);
    runs_ = fams_.size();
  }

  void emit(const model::Sample& s) { text::append_sample(lines_, s, true); }

  // Counters, gauges, summaries, info, stateset, unknown: sample by sample, into lines_.
  void simple_point(const Fam& f) {
    for (std::size_t i = 0; i < point_.n; ++i) {
      const model::Sample& s = point_.samples[i];
      std::string_view suffix = std::string_view(s.name).substr(f.name.size());
      const double v = s.value;
      const char* bad = nullptr;
      if (f.type == MetricType::counter && suffix == "_total" && (std::isnan(v) || v < 0))
        bad = "counter samples that are negative or NaN";
      if (f.type == MetricType::summary) {
        if (suffix.empty()) {
          const std::string* q = label(s.labels, "quantile");
          auto qv = q ? om::parse_number(*q) : std::nullopt;
          if (!qv || !(*qv >= 0 && *qv <= 1) || v < 0)
            bad = "summary quantiles without a quantile label from 0 to 1, or with a negative value";
        } else if (suffix == "_count" && (std::isnan(v) || v < 0 || (!is_integer(v) && !std::isinf(v)))) {
          bad = "summary _count samples that are not integers >= 0";
        } else if (suffix == "_sum" && (std::isnan(v) || v < 0)) {
          bad = "summary _sum samples that are negative or NaN";
        }
      }
      if (f.type == MetricType::info && v != 1) bad = "info samples whose value is not 1";
      if (f.type == MetricType::stateset && (!label(s.labels, f.name) || (v != 0 && v != 1)))
        bad = "stateset samples without their state label or not 0 or 1";
      if (bad) {
        drop(1, bad);
        continue;
      }
      emit(s);
    }
  }

  // Histograms and gauge histograms: the whole point at once, repaired into lines_ or dropped.
  void histogram_point(const Fam& f) {
    const bool gauge = f.type == MetricType::gaugehistogram;
    const std::string_view count_sfx = gauge ? "_gcount" : "_count", sum_sfx = gauge ? "_gsum" : "_sum";
    buckets_.clear();
    const model::Sample *count = nullptr, *sum = nullptr, *created = nullptr;
    auto fail = [&](const char* why) {
      drop(point_.n, std::string("samples of histogram points that cannot be repaired (") + why + ")");
    };
    for (std::size_t i = 0; i < point_.n; ++i) {
      model::Sample& s = point_.samples[i];
      std::string_view suffix = std::string_view(s.name).substr(f.name.size());
      if (suffix == "_bucket") {
        const std::string* le = label(s.labels, "le");
        auto b = le ? om::parse_number(*le) : std::nullopt;
        if (!b || std::isnan(*b)) return fail("a bucket without a numeric le label");
        if (std::isnan(s.value) || s.value < 0 || (!is_integer(s.value) && !std::isinf(s.value)))
          return fail("a bucket count that is not an integer >= 0");
        if (std::isinf(*b)) set_label(s.labels, "le", *b > 0 ? "+Inf" : "-Inf");
        buckets_.push_back({*b, &s});
      } else if (suffix == count_sfx) {
        count = &s;
      } else if (suffix == sum_sfx) {
        sum = &s;
      } else {
        created = &s;
      }
    }
    std::stable_sort(buckets_.begin(), buckets_.end(), [](const Bucket& a, const Bucket& b) { return a.le < b.le; });
    for (std::size_t i = 1; i < buckets_.size(); ++i) {
      if (buckets_[i].le == buckets_[i - 1].le) return fail("two buckets with one le");
      if (buckets_[i].s->value < buckets_[i - 1].s->value) return fail("bucket counts that are not cumulative");
    }
    if (count && (std::isnan(count->value) || count->value < 0 || (!is_integer(count->value) && !std::isinf(count->value))))
      return fail("a _count that is not an integer >= 0");
    bool has_inf = !buckets_.empty() && buckets_.back().le == INFINITY;
    if (!has_inf) {
      if (!count) return fail("no +Inf bucket and no _count to make it from");
      if (!buckets_.empty() && count->value < buckets_.back().s->value)
        return fail("a _count below the highest bucket");
      inf_ = *count;
      inf_.name = f.name + "_bucket";
      set_label(inf_.labels, "le", "+Inf");
      buckets_.push_back({INFINITY, &inf_});
      repaired("added the +Inf bucket from _count to histogram points");
    }
    double inf_value = buckets_.back().s->value;
    if (count && count->value != inf_value) return fail("a _count that differs from the +Inf bucket");
    bool negative_buckets = buckets_.front().le < 0;
    if (sum && (std::isnan(sum->value) || (!gauge && sum->value < 0) || (negative_buckets && !gauge) ||
                (gauge && sum->value < 0 && !negative_buckets))) {
      drop(1, "histogram _sum samples OpenMetrics forbids there (NaN, negative, or beside negative buckets)");
      sum = nullptr;
    }
    if (sum && !count) {
      count_ = *sum;
      count_.name = f.name + std::string(count_sfx);
      count_.value = inf_value;
      count = &count_;
      repaired("added _count from the +Inf bucket to histogram points");
    }
    if (count && !sum) {
      drop(1, "histogram _count samples without a _sum (the +Inf bucket holds the count)");
      count = nullptr;
    }
    // In the input's order (buckets sorted, at the place of the first), repairs after their kin.
    bool buckets_done = false;
    auto put_buckets = [&] {
      if (buckets_done) return;
      buckets_done = true;
      for (const Bucket& b : buckets_) emit(*b.s);
    };
    for (std::size_t i = 0; i < point_.n; ++i) {
      const model::Sample* s = &point_.samples[i];
      std::string_view suffix = std::string_view(s->name).substr(f.name.size());
      if (suffix == "_bucket") put_buckets();
      else if (s == count || s == sum || (s == created && !gauge)) emit(*s);
      if (s == sum && count == &count_) emit(count_);
    }
    put_buckets();
  }

  struct Bucket {
    double le;
    const model::Sample* s;
  };
  struct Point {
    bool active = false, has_ts = false;
    std::size_t fam = 0, n = 0;
    std::uint64_t group = 0;
    std::int64_t ts = 0;
    std::vector<std::uint64_t> keys;
    std::vector<model::Sample> samples;  // reused: the first n are this point's
  };

  io::Output& out_;
  model::Family pending_;
  bool has_pending_ = false;
  std::vector<Fam> fams_;
  std::unordered_map<std::string, std::size_t> index_;
  text::NameHashSet taken_{1 << 20};  // names of every family so far (with their suffixes)
  std::size_t last_fam_ = kNone;
  Point point_;
  std::string lines_;
  std::vector<Bucket> buckets_;
  model::Sample inf_, count_;
  std::unique_ptr<SpillStore> store_ = std::make_unique<SpillStore>();
  std::size_t run_fam_ = kNone, runs_ = 0;
  std::uint64_t run_start_ = 0;
  std::map<std::string, std::size_t> notes_;
};

}  // namespace

std::unique_ptr<Sink> make_openmetrics_writer(io::Output& out) { return std::make_unique<OpenMetricsWriter>(out); }

}  // namespace mon::format::detail
