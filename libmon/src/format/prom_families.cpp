// The Prometheus text reader's table of families (see prom_families.hpp).
#include "prom_families.hpp"

namespace mon::format::detail {

namespace {
bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() > suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}
}  // namespace

PromFamilyTable::Entry* PromFamilyTable::find(std::string_view name) {
  auto it = known_.find(name);
  return it == known_.end() ? nullptr : &it->second;
}

PromFamilyTable::Entry* PromFamilyTable::lookup(std::string_view name) {
  if (Entry* e = find(name)) return e;
  // Histogram, summary (and, from other inputs, counter/info) sample names carry a suffix.
  for (std::string_view suffix : {"_bucket", "_sum", "_count", "_total", "_created", "_info", "_gsum", "_gcount"}) {
    if (!ends_with(name, suffix)) continue;
    auto it = known_.find(name.substr(0, name.size() - suffix.size()));
    if (it != known_.end() && model::belongs_to(name, it->first, it->second.family.type)) return &it->second;
  }
  return nullptr;
}

PromFamilyTable::Entry* PromFamilyTable::insert(std::string_view name, std::uint64_t line) {
  Entry* e = &spare_;
  if (known_.size() < kMaxFamilies) e = &known_.emplace(std::string(name), Entry{}).first->second;
  *e = Entry{};
  e->family.name.assign(name);
  e->line = line;
  return e;
}

void PromFamilyTable::closed(Entry& e) {
  if (e.help_counted) return;
  e.help_counted = true;
  help_bytes_ += e.family.help.size();
  if (help_bytes_ > kMaxHelpBytes) {
    e.family.help = std::string();
    e.family.has_help = false;
  }
}

}  // namespace mon::format::detail
