#pragma once
// One line of a full-screen view, cut at the terminal's width so that it never wraps: text is
// measured in UTF-8 code points (a column each), markup (style.hpp) takes none.
#include <cstddef>
#include <string>
#include <string_view>

#include "mon/style.hpp"

namespace monctl {

// The columns text takes: its code points.
inline std::size_t text_columns(std::string_view text) {
  std::size_t n = 0;
  for (unsigned char c : text) n += (c & 0xC0) != 0x80;
  return n;
}

// text cut to at most `columns` by taking out its middle, marked "…": a series' name and the
// labels that tell it from its neighbours both stay in sight.
inline std::string fit(std::string_view text, std::size_t columns) {
  std::size_t have = text_columns(text);
  if (have <= columns) return std::string(text);
  if (columns == 0) return {};
  std::size_t head = (columns - 1) / 2, tail = columns - 1 - head;
  std::string out;
  std::size_t at = 0;  // code points passed
  for (std::size_t i = 0; i < text.size(); ++i) {
    bool lead = (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80;
    if (lead) ++at;
    if (at <= head || at > have - tail) out += text[i];
    if (lead && at == head + 1) out += "…";
  }
  return out;
}

class ScreenLine {
 public:
  ScreenLine(std::size_t columns, const mon::Style& style) : left_(columns), style_(style) {}

  // Appends text in markup (empty: plain), as much of it as fits.
  void put(std::string_view text, std::string_view markup = {}) {
    if (left_ == 0 || text.empty()) return;
    bool marked = !markup.empty() && !style_.plain();
    if (marked) out_ += markup;
    for (std::size_t i = 0; i < text.size(); ++i) {
      auto c = static_cast<unsigned char>(text[i]);
      if ((c & 0xC0) != 0x80) {
        if (left_ == 0) break;
        --left_;
      }
      out_ += text[i];
    }
    if (marked) out_ += style_.reset;
  }
  void spaces(std::size_t n) { put(std::string(n, ' ')); }
  std::string str() const { return out_; }

 private:
  std::size_t left_;
  const mon::Style& style_;
  std::string out_;
};

}  // namespace monctl
