#include "mon/notify/alert.hpp"

#include <fmt/format.h>

namespace mon::notify {

std::uint64_t fingerprint_of(const model::Labels& labels) {
  std::uint64_t h = 14695981039346656037ull;  // FNV-1a 64 offset basis
  auto add = [&h](unsigned char c) {
    h ^= c;
    h *= 1099511628211ull;
  };
  for (const model::Label& l : labels) {
    for (char c : l.name) add(static_cast<unsigned char>(c));
    add(0xff);
    for (char c : l.value) add(static_cast<unsigned char>(c));
    add(0xff);
  }
  return h;
}

std::string Alert::fingerprint() const { return fmt::format("{:016x}", fingerprint_of(labels)); }

}  // namespace mon::notify
