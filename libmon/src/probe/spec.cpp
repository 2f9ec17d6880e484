// Probe kinds and the checks every spec passes before anything runs, so that a typo is a usage
// error (UNKNOWN) and never a CRITICAL that pages someone.
#include "mon/probe/spec.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>

#include "mon/format/number.hpp"
#include "mon/model/names.hpp"
#include "regex.hpp"

namespace mon::probe {

namespace {
constexpr std::array<std::string_view, 10> kKinds = {"http", "tcp",  "dns",     "tls", "disk",
                                                    "memory", "load", "file", "process", "cmd"};

[[noreturn]] void fail(const Spec& spec, const std::string& message) {
  std::string who = spec.name.empty() || breaks_line(spec.name) ? std::string(to_string(spec.kind)) + " probe"
                                                                  : "probe '" + spec.name + "'";
  if (!spec.where.file.empty()) throw ParseError(spec.where, who + ": " + message);
  throw Error(who + ": " + message);
}

int parse_port(std::string_view text, std::string_view target) {
  auto v = format::parse_int64(text);
  if (!v) throw Error(quoted(target) + ": the port \"" + std::string(text) + "\" is not a number");
  if (*v < 1 || *v > 65535)
    throw Error(quoted(target) + ": the port " + std::string(text) + " is out of range (1-65535)");
  return static_cast<int>(*v);
}

// http://host[:port][/path...] or https://...; the host must be there and the port in range.
void check_url(const Spec& spec) {
  const std::string& url = spec.target;
  if (auto broken = breaks_line(url)) throw Error("the URL " + quoted(url) + ": " + *broken);
  auto scheme_end = url.find("://");
  std::string scheme = scheme_end == std::string::npos ? "" : url.substr(0, scheme_end);
  for (auto& c : scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (scheme != "http" && scheme != "https")
    throw Error(quoted(url) + " is not an http:// or https:// URL");
  std::string_view rest = std::string_view(url).substr(scheme_end + 3);
  std::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
  if (auto at = authority.rfind('@'); at != std::string_view::npos) authority.remove_prefix(at + 1);
  if (authority.empty()) throw Error(quoted(url) + " has no host");
  for (char c : url)
    if (static_cast<unsigned char>(c) <= ' ') throw Error(quoted(url) + " contains a space or a control character");
  std::string_view port;
  if (authority.front() == '[') {
    auto close = authority.find(']');
    if (close == std::string_view::npos) throw Error(quoted(url) + ": the IPv6 address lacks its ']'");
    if (close + 1 < authority.size()) {
      if (authority[close + 1] != ':') throw Error(quoted(url) + ": unexpected text after ']'");
      port = authority.substr(close + 2);
    }
  } else if (auto colon = authority.find(':'); colon != std::string_view::npos) {
    if (colon == 0) throw Error(quoted(url) + " has no host");
    port = authority.substr(colon + 1);
  }
  if (!port.empty()) parse_port(port, url);
}

void compile(const std::string& pattern, const std::string& what) { detail::Regex re(pattern, what); }

std::string default_name(const Spec& spec) {
  switch (spec.kind) {
    case Kind::memory:
    case Kind::load: return std::string(to_string(spec.kind));
    case Kind::cmd: {
      if (spec.command.empty()) return "cmd";
      const std::string& p = spec.command.front();
      auto slash = p.rfind('/');
      return slash == std::string::npos ? p : p.substr(slash + 1);
    }
    default: return spec.target;
  }
}
}  // namespace

std::string_view to_string(Kind kind) { return kKinds[static_cast<std::size_t>(kind)]; }

std::optional<Kind> parse_kind(std::string_view text) {
  for (std::size_t i = 0; i < kKinds.size(); ++i)
    if (kKinds[i] == text) return static_cast<Kind>(i);
  return std::nullopt;
}

std::string kind_names() {
  std::string s;
  for (auto k : kKinds) {
    if (!s.empty()) s += ", ";
    s += k;
  }
  return s;
}

std::pair<std::string, int> split_host_port(std::string_view target) {
  // The host becomes the TLS server name (SNI) and the resolver's query.
  if (auto broken = breaks_line(target)) throw Error(quoted(target) + ": " + *broken);
  std::string_view host, port;
  if (!target.empty() && target.front() == '[') {
    auto close = target.find(']');
    if (close == std::string_view::npos || close + 1 >= target.size() || target[close + 1] != ':')
      throw Error(quoted(target) + " is not HOST:PORT (an IPv6 address is written [::1]:53)");
    host = target.substr(1, close - 1);
    port = target.substr(close + 2);
  } else {
    auto colon = target.rfind(':');
    if (colon == std::string_view::npos)
      throw Error(quoted(target) + " is not HOST:PORT (the port is missing)");
    host = target.substr(0, colon);
    port = target.substr(colon + 1);
    if (host.find(':') != std::string_view::npos)
      throw Error(quoted(target) + " is not HOST:PORT (write an IPv6 address as [::1]:53)");
  }
  if (host.empty()) throw Error(quoted(target) + " is not HOST:PORT (the host is missing)");
  for (char c : host)
    if (static_cast<unsigned char>(c) <= ' ' || c == '/' || c == '@')
      throw Error(quoted(target) + ": " + quoted(host) + " is not a host name or address");
  return {std::string(host), parse_port(port, target)};
}

std::vector<StatusRange> parse_status_list(std::string_view text) {
  std::vector<StatusRange> out;
  auto bad = [&](std::string_view part) {
    throw Error("invalid status list \"" + std::string(text) + "\": \"" + std::string(part) +
                "\" is not a status code 100-599 or a range such as 301-302");
  };
  auto code = [&](std::string_view part, std::string_view whole) {
    auto v = format::parse_int64(part);
    if (!v || *v < 100 || *v > 599) bad(whole);
    return static_cast<int>(*v);
  };
  std::size_t pos = 0;
  while (pos <= text.size()) {
    auto comma = text.find(',', pos);
    std::string_view part = text.substr(pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    while (!part.empty() && part.back() == ' ') part.remove_suffix(1);
    if (part.empty()) bad(part);
    auto dash = part.find('-');
    StatusRange r;
    if (dash == std::string_view::npos) {
      r.low = r.high = code(part, part);
    } else {
      r.low = code(part.substr(0, dash), part);
      r.high = code(part.substr(dash + 1), part);
      if (r.low > r.high) bad(part);
    }
    out.push_back(r);
    if (comma == std::string_view::npos) break;
    pos = comma + 1;
  }
  return out;
}

namespace {
// Every check of a spec, in the user's words and without naming the probe: validate() names it
// once (a nested prefix read "dns probe: dns probe: ...").
void check(const Spec& spec) {
  auto one_line = [](std::string_view value, const std::string& what) {
    if (auto broken = breaks_line(value)) throw Error(what + " " + quoted(value) + ": " + *broken);
  };
  switch (spec.kind) {
    case Kind::http: check_url(spec); break;
    case Kind::tcp:
    case Kind::tls: split_host_port(spec.target); break;
    case Kind::dns:
      one_line(spec.target, "the DNS name");
      if (spec.target.empty() || spec.target.size() > 253 ||
          std::any_of(spec.target.begin(), spec.target.end(),
                      [](char c) { return static_cast<unsigned char>(c) <= ' ' || c == 0x7f || c == '/' || c == '\\' || c == '@'; }))
        throw Error(quoted(spec.target) + " is not a DNS name");
      for (const auto& a : spec.expect_addresses) one_line(a, "the expected address");
      break;
    case Kind::disk:
    case Kind::file:
      if (spec.target.empty()) throw Error("the path is missing");
      break;
    case Kind::process:
      if (spec.target.empty()) throw Error("the process name is missing");
      break;
    case Kind::cmd:
      if (spec.command.empty()) throw Error("the command is missing (write: cmd -- PROGRAM [ARG...])");
      if (spec.warning || spec.critical) throw Error("-w/-c do not apply to cmd: the command's exit status is its verdict");
      break;
    case Kind::memory:
    case Kind::load: break;
  }
  if (spec.kind != Kind::http && spec.kind != Kind::tcp && (!spec.expect_body.empty() || !spec.reject_body.empty()))
    throw Error("body expectations apply to http probes only");
  if (!spec.expect_body.empty()) compile(spec.expect_body, "--expect-body");
  if (!spec.reject_body.empty()) compile(spec.reject_body, "--reject-body");
  for (const auto& [name, pattern] : spec.expect_headers) {
    if (name.empty()) throw Error("--expect-header needs NAME:REGEX");
    if (auto bad = not_a_token(name)) throw Error("--expect-header: the header name " + quoted(name) + ": " + *bad);
    one_line(pattern, "--expect-header " + name + ": the pattern");
    compile(pattern, "--expect-header " + name);
  }
  if (spec.expect.size() >= 2 && spec.expect.front() == '/' && spec.expect.back() == '/')
    compile(spec.expect.substr(1, spec.expect.size() - 2), "--expect");
  if (!spec.method.empty())
    if (auto bad = not_a_token(spec.method)) throw Error("the method " + quoted(spec.method) + ": " + *bad);
  for (const auto& h : spec.headers) {
    auto colon = h.find(':');
    if (colon == std::string::npos || colon == 0) throw Error("the header " + quoted(h) + " is not NAME:VALUE");
    if (auto bad = not_a_token(std::string_view(h).substr(0, colon)))
      throw Error("the header " + quoted(h) + ": its name: " + *bad);
    one_line(h, "the header");
  }
  if (spec.timeout <= time::Duration::zero()) throw Error("the timeout must be positive");
  if (spec.retries < 0 || spec.retries > 10) throw Error("retries must be between 0 and 10");
  if (spec.cert.empty() != spec.key.empty() && !spec.key.empty()) throw Error("--key needs --cert");
  if ((!spec.cert.empty() || !spec.cacert.empty()) && spec.kind != Kind::http && spec.kind != Kind::tcp &&
      spec.kind != Kind::tls)
    throw Error("certificates apply to http, tcp --tls and tls probes only");
  for (const auto& l : spec.labels) {
    if (auto broken = model::check_label_name(l.name)) throw Error("label \"" + l.name + "\": " + *broken);
    if (l.name == "probe") throw Error("the label \"probe\" is monctl's own (the probe's name)");
  }
}
}  // namespace

void validate(Spec& spec) {
  try {
    check(spec);
    if (auto dup = model::sort_labels(spec.labels)) throw Error("the label \"" + *dup + "\" is given twice");
    if (spec.name.empty()) spec.name = default_name(spec);
    // The name starts the Nagios plugin line and each perfdata label.
    if (auto broken = breaks_line(spec.name))
      throw Error("the probe's name " + quoted(spec.name) + ": " + *broken + " (give another with --name)");
  } catch (const ParseError&) {
    throw;
  } catch (const Error& e) {
    fail(spec, e.what());
  }
  // A process probe without thresholds fails when no such process runs.
  if (spec.kind == Kind::process && !spec.critical) spec.critical = parse_range("1:");
  if (spec.kind == Kind::tls) {
    if (spec.cert_warn_days && !spec.warning) spec.warning = parse_range(std::to_string(*spec.cert_warn_days) + ":");
    if (spec.cert_crit_days && !spec.critical) spec.critical = parse_range(std::to_string(*spec.cert_crit_days) + ":");
  }
}

}  // namespace mon::probe
