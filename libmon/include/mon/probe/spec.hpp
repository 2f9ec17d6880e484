#pragma once
// What one probe checks: its kind, its target and every option, whether it came from the
// command line or from a configuration file.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "mon/error.hpp"
#include "mon/model/metric.hpp"
#include "mon/probe/range.hpp"
#include "mon/time/duration.hpp"

namespace mon::probe {

enum class Kind { http, tcp, dns, tls, disk, memory, load, file, process, cmd };

std::string_view to_string(Kind kind);
std::optional<Kind> parse_kind(std::string_view text);
// "http, tcp, dns, ..." for messages.
std::string kind_names();

struct StatusRange {
  int low = 0, high = 0;  // inclusive
};

struct Spec {
  std::string name;
  Kind kind = Kind::http;
  std::string target;                // URL, HOST:PORT, DNS name, path or process name
  std::vector<std::string> command;  // cmd: the program and its arguments
  std::optional<Range> warning, critical;
  time::Duration timeout = std::chrono::seconds(10);
  int retries = 0;
  bool critical_probe = true;  // false: a failure counts at most as WARNING overall
  model::Labels labels;
  Location where;  // where a configuration file defined it (empty file for the command line)

  // http
  std::string method;                // empty: GET, or POST when there is a body
  std::vector<std::string> headers;  // "Name: value"
  std::string body;
  std::vector<StatusRange> expect_status;  // empty: 200-399
  std::string expect_body, reject_body;    // POSIX extended regular expressions
  std::vector<std::pair<std::string, std::string>> expect_headers;  // header name, regex on its value
  bool follow = false;
  bool insecure = false;
  std::string cacert, cert, key;
  std::optional<int> cert_warn_days, cert_crit_days;
  int ip_version = 0;  // 4, 6, or 0 for either
  std::size_t max_body = 1 << 20;

  // tcp
  std::string send;
  std::string expect;  // a substring, or /REGEX/
  bool tls = false;

  // dns
  int dns_family = 4;  // 4: A records, 6: AAAA
  std::vector<std::string> expect_addresses;

  // file
  std::optional<time::Duration> max_age;
  std::optional<std::uint64_t> min_size, max_size;
};

// Checks a spec before anything runs and fills in what follows from it (the default name, the
// default thresholds of the host checks). Throws mon::Error with the user's words: a URL that is
// not one, a port out of range, a regex that does not compile, options of another probe type.
void validate(Spec& spec);

// "api.example.com:443" -> {"api.example.com", 443}; "[::1]:53" -> {"::1", 53}. Throws mon::Error.
std::pair<std::string, int> split_host_port(std::string_view target);

// A --body value: "@FILE" reads the file (relative paths from base_dir, "" = as given), anything
// else is the body itself. Throws mon::Error when the file cannot be read.
std::string load_body(const std::string& value, const std::string& base_dir = "");

// Why `value` cannot go into a protocol line (an HTTP request line or header, a DNS query, a TLS
// server name, the Nagios plugin line): it holds a CR, LF or NUL, which would end the line early
// and pass the rest off as a line of its own (header injection). nullopt when it is fine.
std::optional<std::string> breaks_line(std::string_view value);

// Why `value` is not an RFC 9110 token (a header field name, a request method): empty, or a
// character outside A-Z a-z 0-9 !#$%&'*+-.^_`|~. nullopt when it is one.
std::optional<std::string> not_a_token(std::string_view value);

// `value` shown in a message: printable ASCII kept, the rest as \r \n \t \0 \\ \" or \xHH
// (what --send takes, and a quote that cannot end the text), cut after about `limit` bytes with
// "...". quoted() puts it between double quotes.
std::string printable(std::string_view value, std::size_t limit = std::string_view::npos);
std::string quoted(std::string_view value, std::size_t limit = std::string_view::npos);

// C escapes in a command-line --send: \r \n \t \0 \\ \xHH. Throws mon::Error on a bad escape.
std::string unescape(std::string_view text);

// "200", "200,301-302" -> ranges. Throws mon::Error.
std::vector<StatusRange> parse_status_list(std::string_view text);

}  // namespace mon::probe
