// One JSON Lines sample object, parsed by hand after RFC 8259 (strings section 7, numbers
// section 6) so every error can name the byte where it happened. The schema:
//   name       required string, a valid metric name
//   type       optional string: model type names and OpenMetrics' "unknown" (default untyped)
//   help       optional string (present -> has_help, even when empty)
//   unit       optional string
//   labels     optional object whose values are strings; names must be valid label names
//   value      required: a number, or a string parse_double accepts ("NaN", "+Inf", "-Inf", …)
//   timestamp  optional integer, milliseconds since the epoch
// null stands for "absent" in the optional keys. Unknown keys are skipped silently: producers
// may add fields (a future "created", their own annotations) without breaking older readers.
// Repeated keys are an error, since which one wins would otherwise be a guess.
#include "json_object.hpp"

#include <cstdint>

#include "label_text.hpp"
#include "mon/format/number.hpp"
#include "mon/model/names.hpp"
#include "utf8.hpp"

namespace mon::format::detail {

namespace {

constexpr int kMaxDepth = 256;  // of values under unknown keys; hostile nesting stops here

class Parser {
 public:
  Parser(std::string_view s, JsonObjectError& err) : s_(s), err_(err) {}

  bool parse(model::Family& family, model::Sample& sample);

 private:
  bool fail(std::size_t pos, std::string msg) {
    err_.pos = pos;
    err_.message = std::move(msg);
    return false;
  }
  void ws() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r')) ++i_;
  }
  bool at(char c) const { return i_ < s_.size() && s_[i_] == c; }
  bool literal(std::string_view word) {
    if (s_.substr(i_, word.size()) != word) return false;
    i_ += word.size();
    return true;
  }
  bool null() { return literal("null"); }
  bool string(std::string& out);
  bool number(std::string_view& token);
  bool skip_value(int depth);
  bool hex4(unsigned& v);

  std::string_view s_;
  std::size_t i_ = 0;
  JsonObjectError& err_;
};

bool Parser::hex4(unsigned& v) {
  if (i_ + 4 > s_.size()) return fail(i_, "expected four hex digits after \\u");
  v = 0;
  for (int k = 0; k < 4; ++k) {
    char c = s_[i_ + static_cast<std::size_t>(k)];
    unsigned d;
    if (c >= '0' && c <= '9') d = static_cast<unsigned>(c - '0');
    else if (c >= 'a' && c <= 'f') d = static_cast<unsigned>(c - 'a' + 10);
    else if (c >= 'A' && c <= 'F') d = static_cast<unsigned>(c - 'A' + 10);
    else return fail(i_ + static_cast<std::size_t>(k), "expected four hex digits after \\u");
    v = v * 16 + d;
  }
  i_ += 4;
  return true;
}

void append_utf8(std::string& out, unsigned cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

bool Parser::string(std::string& out) {
  out.clear();
  if (!at('"')) return fail(i_, "expected a string");
  ++i_;
  for (;;) {
    std::size_t run = i_;
    while (i_ < s_.size()) {
      unsigned char c = static_cast<unsigned char>(s_[i_]);
      if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80) break;
      ++i_;
    }
    out.append(s_.data() + run, i_ - run);
    if (i_ == s_.size()) return fail(i_, "expected '\"' closing the string");
    unsigned char c = static_cast<unsigned char>(s_[i_]);
    if (c == '"') {
      ++i_;
      return true;
    }
    if (c < 0x20) return fail(i_, "a control character in a string must be escaped (\\n, \\t, \\u00XX)");
    if (c >= 0x80) {
      std::size_t n = utf8_sequence_length(s_, i_);
      if (n == 0) return fail(i_, "invalid UTF-8 in a string (JSON text must be UTF-8)");
      out.append(s_.data() + i_, n);
      i_ += n;
      continue;
    }
    // A backslash escape.
    std::size_t esc = i_;
    if (++i_ == s_.size()) return fail(esc, "expected an escape after '\\'");
    char e = s_[i_++];
    switch (e) {
      case '"': out.push_back('"'); break;
      case '\\': out.push_back('\\'); break;
      case '/': out.push_back('/'); break;
      case 'b': out.push_back('\b'); break;
      case 'f': out.push_back('\f'); break;
      case 'n': out.push_back('\n'); break;
      case 'r': out.push_back('\r'); break;
      case 't': out.push_back('\t'); break;
      case 'u': {
        unsigned cp;
        if (!hex4(cp)) return false;
        if (cp >= 0xDC00 && cp <= 0xDFFF) return fail(esc, "a \\u escape holds a lone low surrogate");
        if (cp >= 0xD800 && cp <= 0xDBFF) {
          unsigned lo;
          if (s_.substr(i_, 2) != "\\u") return fail(esc, "a \\u escape holds a high surrogate not followed by a low one");
          i_ += 2;
          if (!hex4(lo)) return false;
          if (lo < 0xDC00 || lo > 0xDFFF) return fail(esc, "a \\u escape holds a high surrogate not followed by a low one");
          cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
        }
        append_utf8(out, cp);
        break;
      }
      default: return fail(esc, "unknown escape '\\" + std::string(1, e) + "' in a string");
    }
  }
}

// JSON number grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
bool Parser::number(std::string_view& token) {
  std::size_t start = i_;
  auto digits = [&] {
    std::size_t d = i_;
    while (i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9') ++i_;
    return i_ - d;
  };
  if (at('-')) ++i_;
  if (at('0')) ++i_;
  else if (digits() == 0) return fail(start, "expected a number");
  if (at('.')) {
    ++i_;
    if (digits() == 0) return fail(i_, "expected a digit after '.' in a number");
  }
  if (at('e') || at('E')) {
    ++i_;
    if (at('+') || at('-')) ++i_;
    if (digits() == 0) return fail(i_, "expected a digit in the number's exponent");
  }
  token = s_.substr(start, i_ - start);
  return true;
}

bool Parser::skip_value(int depth) {
  if (depth > kMaxDepth) return fail(i_, "values nested deeper than " + std::to_string(kMaxDepth) + " levels");
  ws();
  if (i_ == s_.size()) return fail(i_, "expected a value");
  char c = s_[i_];
  if (c == '"') {
    std::string ignored;
    return string(ignored);
  }
  if (c == '{' || c == '[') {
    char close = c == '{' ? '}' : ']';
    ++i_;
    ws();
    if (at(close)) {
      ++i_;
      return true;
    }
    for (;;) {
      if (c == '{') {
        ws();
        std::string key;
        if (!string(key)) return false;
        ws();
        if (!at(':')) return fail(i_, "expected ':' after an object key");
        ++i_;
      }
      if (!skip_value(depth + 1)) return false;
      ws();
      if (at(',')) {
        ++i_;
        continue;
      }
      if (at(close)) {
        ++i_;
        return true;
      }
      return fail(i_, std::string("expected ',' or '") + close + "'");
    }
  }
  if (literal("true") || literal("false") || literal("null")) return true;
  std::string_view token;
  return number(token);
}

bool Parser::parse(model::Family& family, model::Sample& sample) {
  constexpr unsigned kName = 1, kType = 2, kHelp = 4, kUnit = 8, kLabels = 16, kValue = 32, kTimestamp = 64;
  unsigned seen = 0;
  std::string key;
  family.type = model::MetricType::untyped;
  family.help.clear();
  family.unit.clear();
  family.has_help = false;
  sample.labels.clear();
  sample.timestamp_ms.reset();

  ws();
  if (!at('{')) return fail(i_, "expected '{' starting an object");
  ++i_;
  ws();
  bool first = true;
  while (!at('}')) {
    if (!first) {
      if (!at(',')) return fail(i_, "expected ',' or '}' after a value");
      ++i_;
      ws();
    }
    first = false;
    std::size_t key_pos = i_;
    if (!at('"')) return fail(i_, "expected '\"' starting a key");
    if (!string(key)) return false;
    ws();
    if (!at(':')) return fail(i_, "expected ':' after key \"" + key + "\"");
    ++i_;
    ws();
    std::size_t value_pos = i_;
    unsigned bit = key == "name" ? kName : key == "type" ? kType : key == "help" ? kHelp : key == "unit" ? kUnit
                 : key == "labels" ? kLabels : key == "value" ? kValue : key == "timestamp" ? kTimestamp : 0;
    if (bit & seen) return fail(key_pos, "key \"" + key + "\" appears twice");
    seen |= bit;
    switch (bit) {
      case kName:
        if (!at('"')) return fail(i_, "\"name\" must be a string");
        if (!string(sample.name)) return false;
        if (auto why = model::check_metric_name(sample.name)) return fail(value_pos + 1, "\"name\": " + *why);
        break;
      case kType: {
        if (null()) break;
        std::string text;
        if (!at('"')) return fail(i_, "\"type\" must be a string");
        if (!string(text)) return false;
        auto t = model::parse_type(text);
        if (!t)
          return fail(value_pos, "unknown type \"" + text +
                                     "\" (expected counter, gauge, histogram, summary, untyped, unknown, "
                                     "gaugehistogram, info or stateset)");
        family.type = *t;
        break;
      }
      case kHelp:
        if (null()) break;
        if (!at('"')) return fail(i_, "\"help\" must be a string");
        if (!string(family.help)) return false;
        family.has_help = true;
        break;
      case kUnit:
        if (null()) break;
        if (!at('"')) return fail(i_, "\"unit\" must be a string");
        if (!string(family.unit)) return false;
        break;
      case kLabels: {
        if (null()) break;
        if (!at('{')) return fail(i_, "\"labels\" must be an object of strings");
        ++i_;
        ws();
        bool first_label = true;
        while (!at('}')) {
          if (!first_label) {
            if (!at(',')) return fail(i_, "expected ',' or '}' after a label value");
            ++i_;
            ws();
          }
          first_label = false;
          std::size_t label_pos = i_;
          model::Label label;
          if (!at('"')) return fail(i_, "expected '\"' starting a label name");
          if (!string(label.name)) return false;
          if (auto why = model::check_label_name(label.name))
            return fail(label_pos + 1, "label \"" + label.name + "\": " + *why);
          ws();
          if (!at(':')) return fail(i_, "expected ':' after label name \"" + label.name + "\"");
          ++i_;
          ws();
          if (!at('"')) return fail(i_, "the value of label \"" + label.name + "\" must be a string");
          if (!string(label.value)) return false;
          sample.labels.push_back(std::move(label));
          ws();
        }
        ++i_;
        if (auto dup = sort_labels_checked(sample.labels)) return fail(value_pos, "label \"" + *dup + "\" appears twice");
        model::drop_empty_labels(sample.labels);
        break;
      }
      case kValue: {
        std::optional<double> v;
        if (at('"')) {
          std::string text;
          if (!string(text)) return false;
          v = parse_value(text);
        } else {
          std::string_view token;
          if (number(token)) v = parse_value(token);
        }
        if (!v) return fail(value_pos, "\"value\" must be a number or one of the strings \"NaN\", \"+Inf\", \"-Inf\"");
        sample.value = *v;
        break;
      }
      case kTimestamp: {
        if (null()) break;
        std::string_view token;
        std::optional<std::int64_t> ts;
        if (number(token)) ts = parse_int64(token);
        if (!ts) return fail(value_pos, "\"timestamp\" must be an integer number of milliseconds");
        sample.timestamp_ms = ts;
        break;
      }
      default:
        if (!skip_value(1)) return false;
    }
    ws();
  }
  ++i_;
  ws();
  if (i_ != s_.size()) return fail(i_, "unexpected text after the object");
  if (!(seen & kName)) return fail(0, "the object has no \"name\"");
  if (!(seen & kValue)) return fail(0, "the object has no \"value\"");
  family.name = std::string(model::family_name_of(sample.name, family.type));
  return true;
}

}  // namespace

bool parse_json_sample(std::string_view text, model::Family& family, model::Sample& sample, JsonObjectError& error) {
  Parser p(text, error);
  return p.parse(family, sample);
}

}  // namespace mon::format::detail
