// JSON Lines reader. Input is a sequence of sample objects -- one per line, or pretty-printed
// across lines, or the elements of top-level arrays (possibly one 15 MB line). A streaming
// splitter walks the raw bytes (LineReader::next_chunk), tracking line and column, string
// state and bracket depth, and cuts out each top-level object; json_object.cpp then parses it.
// Memory: one object at a time, at most ReadOptions::max_line bytes (bigger ones are reported
// and skipped by counting brackets without keeping their bytes).
//
// Recovery, so one bad object costs one error: a raw newline inside a string ends the broken
// object (JSON strings cannot hold one); outside arrays, a '{' in column 1 while an object is
// still open means that object was never closed (jq-style pretty printing indents everything
// but top-level braces). Stray bytes between objects give one error per run, then the reader
// waits for the next '{'.
#include <array>
#include <cstring>
#include <string>

#include "codecs.hpp"
#include "json_object.hpp"
#include "reader_util.hpp"
#include "series_seen.hpp"

namespace mon::format::detail {

namespace {

// Bytes that change nothing in the splitter's state, inside and outside strings.
constexpr std::array<bool, 256> plain_table(bool in_string) {
  std::array<bool, 256> t{};
  for (int c = 0; c < 256; ++c) {
    bool special = c == '"' || c == '\n' ||
                   (in_string ? c == '\\' : (c == '{' || c == '}' || c == '[' || c == ']'));
    t[static_cast<std::size_t>(c)] = !special;
  }
  return t;
}
constexpr auto kPlainInString = plain_table(true);
constexpr auto kPlainOutside = plain_table(false);

class JsonReader {
 public:
  JsonReader(io::LineReader& in, Sink& sink, Diagnostics& diag, const ReadOptions& options)
      : in_(in), sink_(sink), diag_(diag), max_(options.max_line) {
    if (options.stream) seen_.disable();
  }

  bool run() {
    std::string_view chunk;
    bool first = true;
    while (!stop_ && in_.next_chunk(chunk)) {
      if (first && chunk.substr(0, 3) == "\xEF\xBB\xBF") chunk.remove_prefix(3);  // a UTF-8 byte order mark
      first = false;
      for (std::size_t i = 0; i < chunk.size() && !stop_;) {
        if (col_ == 1 && !capturing_ && (top_ == Top::lines || top_ == Top::start) && whole_line(chunk, i)) continue;
        if (capturing_ && !escape_) {
          // Fast path: copy the run of bytes that change no state (most of an object) at once.
          const auto& plain = in_string_ ? kPlainInString : kPlainOutside;
          std::size_t j = i;
          while (j < chunk.size() && plain[static_cast<unsigned char>(chunk[j])]) ++j;
          if (j > i) {
            if (!oversize_ && obj_.size() + (j - i) < max_) obj_.append(chunk.data() + i, j - i);
            else for (std::size_t k = i; k < j; ++k) capture(chunk[k]);  // let capture() report the size
            col_ += j - i;
            i = j;
            continue;
          }
        }
        char c = chunk[i++];
        feed(c);
        if (c == '\n') {
          ++line_;
          col_ = 1;
        } else {
          ++col_;
        }
      }
    }
    if (!stop_) at_end();
    return ok_;
  }

 private:
  enum class Top { start, lines, array_value, array_next, array_done };

  // JSON Lines' usual shape, one object per line, taken whole: when the line at chunk[i] is a
  // complete object that parses, it is passed on and i moves past it. Anything else (pretty
  // printing, arrays, a broken object, a line cut by the chunk's end) returns false and goes
  // through the splitter byte by byte, which reports what is wrong where.
  bool whole_line(std::string_view chunk, std::size_t& i) {
    if (chunk[i] != '{') return false;
    const char* nl = static_cast<const char*>(std::memchr(chunk.data() + i, '\n', chunk.size() - i));
    if (!nl) return false;
    std::string_view line(chunk.data() + i, static_cast<std::size_t>(nl - chunk.data()) - i);
    if (line.size() >= max_) return false;
    std::string_view body = line;
    while (!body.empty() && (body.back() == '\r' || body.back() == ' ' || body.back() == '\t')) body.remove_suffix(1);
    if (body.empty() || body.back() != '}') return false;
    JsonObjectError err;
    if (!parse_json_sample(body, family_, sample_, err)) return false;
    top_ = Top::lines;
    resync_ = false;  // a good object ends a run of stray bytes, as begin_object() does
    pass_on(line_, 1);
    ++line_;
    i += line.size() + 1;
    return true;
  }

  void error(std::uint64_t line, std::uint64_t col, const std::string& msg) {
    ok_ = false;
    if (!diag_.error({in_.name(), line, col}, msg)) stop_ = true;
  }

  void begin_object() {
    capturing_ = true;
    oversize_ = false;
    depth_ = 0;
    in_string_ = escape_ = false;
    obj_.clear();
    obj_line_ = line_;
    obj_col_ = col_;
    resync_ = false;
  }

  void feed(char c) {
    if (capturing_) return capture(c);
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') return;
    switch (top_) {
      case Top::start:
        if (c == '[') {
          top_ = Top::array_value;
          after_open_ = true;
          return;
        }
        top_ = Top::lines;
        break;
      case Top::lines:
        break;
      case Top::array_value:
        if (c == ']' && after_open_) {
          top_ = Top::array_done;
          return;
        }
        if (c != '{' && !resync_) {
          error(line_, col_, after_open_ ? "expected '{' or ']' in the array" : "expected '{' after ',' in the array");
          resync_ = true;
        }
        break;
      case Top::array_next:
        if (c == ',') {
          top_ = Top::array_value;
          after_open_ = false;
          return;
        }
        if (c == ']') {
          top_ = Top::array_done;
          return;
        }
        if (!resync_) {
          error(line_, col_, "expected ',' or ']' after an array element");
          resync_ = true;
        }
        if (c == '{') top_ = Top::array_value;
        break;
      case Top::array_done:
        if (c == '[') {  // another array follows (concatenated files)
          top_ = Top::array_value;
          after_open_ = true;
          return;
        }
        top_ = Top::lines;
        break;
    }
    if (c == '{') return begin_object(), capture(c);
    if (!resync_) {
      error(line_, col_, "expected '{' starting a sample object");
      resync_ = true;
    }
  }

  void capture(char c) {
    if (!oversize_) {
      if (obj_.size() >= max_) {
        error(obj_line_, obj_col_, "object longer than " + std::to_string(max_) + " bytes; skipped");
        oversize_ = true;
        obj_.clear();
        obj_.shrink_to_fit();
      } else {
        obj_.push_back(c);
      }
    }
    if (in_string_) {
      if (escape_) escape_ = false;
      else if (c == '\\') escape_ = true;
      else if (c == '"') in_string_ = false;
      else if (c == '\n') {
        error(line_, col_, "expected '\"' closing the string before the end of the line");
        end_object(false);
      }
      return;
    }
    switch (c) {
      case '"': in_string_ = true; break;
      case '{':
        if (col_ == 1 && depth_ > 0 && top_ == Top::lines) {
          error(obj_line_, obj_col_, "this object is not closed before the next object starts");
          begin_object();
          obj_.push_back(c);
        }
        ++depth_;
        break;
      case '[': ++depth_; break;
      case '}':
      case ']':
        if (--depth_ == 0) end_object(true);
        break;
      default: break;
    }
  }

  void end_object(bool complete) {
    capturing_ = false;
    bool in_array = top_ == Top::array_value || top_ == Top::array_next;
    if (in_array) top_ = Top::array_next;
    if (!complete) {
      resync_ = true;
      return;
    }
    if (oversize_) return;
    JsonObjectError err;
    if (!parse_json_sample(obj_, family_, sample_, err)) {
      // Map the offset in the object back to a line and column of the input.
      std::uint64_t line = obj_line_, col = obj_col_;
      for (std::size_t k = 0; k < err.pos && k < obj_.size(); ++k) {
        if (obj_[k] == '\n') {
          ++line;
          col = 1;
        } else {
          ++col;
        }
      }
      error(line, col, err.message);
      return;
    }
    pass_on(obj_line_, obj_col_);
  }

  // The parsed object, which starts at line:col, to the sink (unless its type contradicts its
  // family's), with a warning when its series was there before.
  void pass_on(std::uint64_t line, std::uint64_t col) {
    if (auto why = types_.conflict(family_, sample_.name, line)) return error(line, col, *why);
    if (seen_.repeated(sample_)) diag_.warning({in_.name(), line, col}, duplicate_series_message(sample_));
    sink_.sample(family_, sample_);
  }

  void at_end() {
    if (capturing_) {
      error(obj_line_, obj_col_, "this object is not closed at the end of the input (cut off?)");
      return;
    }
    if (top_ == Top::array_value || top_ == Top::array_next)
      error(line_, col_, "expected ']' closing the array at the end of the input (cut off?)");
  }

  io::LineReader& in_;
  Sink& sink_;
  Diagnostics& diag_;
  std::size_t max_;
  bool ok_ = true, stop_ = false;
  std::uint64_t line_ = 1, col_ = 1;
  Top top_ = Top::start;
  bool after_open_ = false, resync_ = false;
  bool capturing_ = false, oversize_ = false, in_string_ = false, escape_ = false;
  long depth_ = 0;
  std::string obj_;
  std::uint64_t obj_line_ = 0, obj_col_ = 0;
  model::Family family_;
  model::Sample sample_;
  FamilyTypes types_;
  SeriesSeen seen_;
};

}  // namespace

bool read_json(io::LineReader& in, Sink& sink, Diagnostics& diag, const ReadOptions& options) {
  return JsonReader(in, sink, diag, options).run();
}

}  // namespace mon::format::detail
