#pragma once
// Internal: the families a Prometheus text reader has met, by name -- HELP, TYPE, where they
// were declared, whether samples came -- so that a family reappearing after another one is
// attributed to its declared type and a second TYPE line is caught. It grows with the number of
// families, not samples, and is capped: kMaxFamilies entries (past that, one spare entry stands
// in and reappearances go unrecognised) and kMaxHelpBytes of HELP text kept for closed families
// (past that they forget their HELP). Memory stays bounded whatever the input.
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

#include "mon/model/metric.hpp"

namespace mon::format::detail {

class PromFamilyTable {
 public:
  struct Entry {
    model::Family family;
    std::uint64_t line = 0;  // where it was declared or first seen
    bool has_type = false, has_help = false, has_samples = false, announced = false, help_counted = false;
  };

  static constexpr std::size_t kMaxFamilies = 20000;
  static constexpr std::size_t kMaxHelpBytes = 4 << 20;

  // The family named exactly `name`, or nullptr.
  Entry* find(std::string_view name);
  // The family a sample named `sample` belongs to (model::belongs_to), or nullptr.
  Entry* lookup(std::string_view sample);
  // A new family (untyped, no HELP) first met at `line`. The pointer stays valid until the next
  // insert() once the table is full, for ever before that.
  Entry* insert(std::string_view name, std::uint64_t line);
  // The reader moved on from e: count its HELP against the budget.
  void closed(Entry& e);

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, Entry, Hash, std::equal_to<>> known_;
  Entry spare_;
  std::size_t help_bytes_ = 0;
};

}  // namespace mon::format::detail
