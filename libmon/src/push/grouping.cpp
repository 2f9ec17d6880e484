// Spelling a Pushgateway grouping key in a URL path, after the Pushgateway README's "URL"
// section: plain values percent-encoded; values with '/' (which would split the path) and
// empty values (which a path cleaner would drop) as LABEL@base64/VALUE, base64 from RFC 4648
// §5 (URL- and filename-safe alphabet), a lone "=" for the empty value.
#include <string>

#include "mon/net/http_get.hpp"
#include "mon/push/pushgateway.hpp"

namespace mon::push {

namespace {

void append_pair(std::string& out, std::string_view name, std::string_view value) {
  out += '/';
  out += name;
  if (value.empty()) {
    out += "@base64/=";
  } else if (value.find('/') != std::string_view::npos) {
    out += "@base64/";
    out += base64url(value);
  } else {
    out += '/';
    out += percent_encode(value);
  }
}

}  // namespace

std::string_view to_string(Method m) {
  switch (m) {
    case Method::put: return "PUT";
    case Method::post: return "POST";
    case Method::del: return "DELETE";
  }
  return "PUT";
}

std::string base64url(std::string_view data) {
  static const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  out.reserve((data.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 3 <= data.size(); i += 3) {
    unsigned v = (static_cast<unsigned char>(data[i]) << 16) | (static_cast<unsigned char>(data[i + 1]) << 8) |
                 static_cast<unsigned char>(data[i + 2]);
    out += alphabet[(v >> 18) & 63];
    out += alphabet[(v >> 12) & 63];
    out += alphabet[(v >> 6) & 63];
    out += alphabet[v & 63];
  }
  std::size_t rest = data.size() - i;
  if (rest > 0) {
    unsigned v = static_cast<unsigned char>(data[i]) << 16;
    if (rest == 2) v |= static_cast<unsigned char>(data[i + 1]) << 8;
    out += alphabet[(v >> 18) & 63];
    out += alphabet[(v >> 12) & 63];
    out += rest == 2 ? alphabet[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

std::string percent_encode(std::string_view text) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (char ch : text) {
    auto c = static_cast<unsigned char>(ch);
    bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                      c == '.' || c == '_' || c == '~';
    if (unreserved) {
      out += ch;
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

std::string group_path(const GroupingKey& key) {
  std::string out = "/metrics";
  append_pair(out, "job", key.job);
  for (const auto& l : key.labels) append_pair(out, l.name, l.value);
  return out;
}

std::string group_url(std::string_view base, const GroupingKey& key) {
  while (!base.empty() && base.back() == '/') base.remove_suffix(1);
  return std::string(base) + group_path(key);
}

std::string redact_url(std::string_view url) {
  const net::UrlAuthority a = net::url_authority(url);
  if (a.host == a.begin) return std::string(url);
  return std::string(url.substr(0, a.begin)) + "***@" + std::string(url.substr(a.host));
}

}  // namespace mon::push
