// monctl alert silence add|list|expire: silences kept in the --state file that `alert run` reads.
#include <pwd.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "alert_commands.hpp"
#include "mon/error.hpp"
#include "mon/notify/state.hpp"
#include "mon/time/rfc3339.hpp"
#include "options.hpp"

namespace monctl {

namespace {

struct SilenceOptions {
  std::string state;
  std::vector<std::string> matchers;
  std::string duration = "1h";
  std::string start, end;
  std::string author, comment;
  std::vector<std::string> ids;
  std::string format = "text";
  bool all = false;
};

std::string rfc3339(std::int64_t ms) {
  return mon::time::format_rfc3339(mon::time::SystemTime(std::chrono::milliseconds(ms)), 0);
}

std::string user_name() {
  if (const passwd* pw = ::getpwuid(::getuid())) return pw->pw_name;
  return std::to_string(::getuid());
}

std::string quote_json(const std::string& v) {
  std::string out = "\"";
  for (unsigned char c : v) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

void warn(const std::string& w) { std::fprintf(stderr, "monctl: warning: %s\n", w.c_str()); }

int add(const SilenceOptions& o) {
  mon::notify::Silence s;
  for (const auto& m : o.matchers) {
    try {
      auto ms = mon::notify::parse_matchers(m, {"--matcher", 0, 0});
      s.matchers.insert(s.matchers.end(), ms.begin(), ms.end());
    } catch (const mon::Error& e) {
      throw CLI::ValidationError("--matcher", e.what());
    }
  }
  std::int64_t now = now_ms();
  s.starts_at_ms = o.start.empty() ? now : time_option("--start", o.start);
  if (!o.end.empty()) {
    s.ends_at_ms = time_option("--end", o.end);
  } else {
    auto d = duration_ms_option("--for", o.duration);
    s.ends_at_ms = s.starts_at_ms + d;
  }
  if (s.ends_at_ms <= s.starts_at_ms) throw CLI::ValidationError("--end", "the silence must end after it starts");
  if (s.ends_at_ms <= now) throw CLI::ValidationError("--end", "the silence would end in the past");
  s.updated_at_ms = now;
  s.created_by = o.author.empty() ? user_name() : o.author;
  s.comment = o.comment;
  s.id = mon::notify::new_uuid();
  mon::notify::StateFile file(o.state, warn);
  file.state().silences.push_back(s);
  file.save();
  std::printf("%s\n", s.id.c_str());
  return 0;
}

int list(const SilenceOptions& o) {
  mon::notify::StateFile file(o.state, warn);
  std::int64_t now = now_ms();
  for (const auto& s : file.state().silences) {
    if (!o.all && s.state(now) == "expired") continue;
    std::string matchers = mon::notify::text(s.matchers);
    if (o.format == "json") {
      // The fields of Alertmanager's gettableSilence.
      std::string out = "{\"id\":\"" + s.id + "\",\"status\":{\"state\":\"" + std::string(s.state(now)) +
                        "\"},\"matchers\":[";
      for (std::size_t i = 0; i < s.matchers.size(); ++i) {
        const auto& m = s.matchers[i];
        bool re = m.type == mon::notify::MatchType::regex || m.type == mon::notify::MatchType::not_regex;
        bool eq = m.type == mon::notify::MatchType::equal || m.type == mon::notify::MatchType::regex;
        out += std::string(i ? "," : "") + "{\"name\":" + quote_json(m.name) + ",\"value\":" + quote_json(m.value) +
               ",\"isRegex\":" + (re ? "true" : "false") + ",\"isEqual\":" + (eq ? "true" : "false") + "}";
      }
      out += "],\"startsAt\":\"" + rfc3339(s.starts_at_ms) + "\",\"endsAt\":\"" + rfc3339(s.ends_at_ms) +
             "\",\"updatedAt\":\"" + rfc3339(s.updated_at_ms) + "\",\"createdBy\":" + quote_json(s.created_by) +
             ",\"comment\":" + quote_json(s.comment) + "}";
      std::printf("%s\n", out.c_str());
    } else {
      std::printf("%s  %-7s  %s  until %s  by %s%s%s\n", s.id.c_str(), std::string(s.state(now)).c_str(),
                  matchers.c_str(), rfc3339(s.ends_at_ms).c_str(), s.created_by.c_str(), s.comment.empty() ? "" : ": ",
                  s.comment.c_str());
    }
  }
  return 0;
}

int expire(const SilenceOptions& o) {
  mon::notify::StateFile file(o.state, warn);
  std::int64_t now = now_ms();
  int status = 0;
  for (const auto& id : o.ids) {
    bool found = false;
    for (auto& s : file.state().silences) {
      if (s.id != id) continue;
      found = true;
      if (s.ends_at_ms > now) s.ends_at_ms = std::max(now, s.starts_at_ms);
      s.updated_at_ms = now;
    }
    if (!found) {
      std::fprintf(stderr, "monctl: error: no silence %s in %s\n", id.c_str(), o.state.c_str());
      status = 3;
    }
  }
  file.save();
  return status;
}

}  // namespace

Run setup_alert_silence(CLI::App& sub) {
  auto o = std::make_shared<SilenceOptions>();
  sub.description(
      "Silences in a --state file: an active silence keeps `alert run` from notifying the alerts it matches (they "
      "are still printed and still count in the exit status).");
  sub.require_subcommand(1);
  CLI::App* a = sub.add_subcommand("add", "add a silence; prints its ID");
  a->add_option("--state", o->state, "the state file alert run uses")->required();
  a->add_option("-m,--matcher", o->matchers, "Alertmanager matcher: name=\"value\", name!=v, name=~\"re\", name!~re")
      ->required()->allow_extra_args(false)->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  a->add_option("--for", o->duration, "how long it lasts")->default_str("1h");
  a->add_option("--start", o->start, "when it starts (RFC 3339 or Unix seconds; default now)");
  a->add_option("--end", o->end, "when it ends (instead of --for)");
  a->add_option("--author", o->author, "who (default: the user's name)");
  a->add_option("--comment", o->comment, "why");
  CLI::App* l = sub.add_subcommand("list", "list the silences not expired");
  l->add_option("--state", o->state, "the state file")->required();
  l->add_flag("--all", o->all, "expired ones too");
  l->add_option("--format", o->format, "text or json lines (Alertmanager's silence fields)")
      ->check(CLI::IsMember({"text", "json"}))
      ->default_str("text");
  CLI::App* e = sub.add_subcommand("expire", "end silences now");
  e->add_option("--state", o->state, "the state file")->required();
  e->add_option("ids", o->ids, "silence IDs")->required();
  return [o, a, l] {
    if (a->parsed()) return add(*o);
    if (l->parsed()) return list(*o);
    return expire(*o);
  };
}

}  // namespace monctl
