// NotificationTemplates: the default templates plus the files of Alertmanager's `templates:`,
// expanding receiver fields on a notification's data.
#include <glob.h>

#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "defaults.hpp"
#include "mon/tmpl/alertmanager.hpp"

namespace mon::tmpl {

namespace {

Options am_options() {
  Options o;
  o.missing_key = MissingKey::zero;
  return o;
}

}  // namespace

NotificationTemplates::NotificationTemplates()
    : defs_(Template::parse("default.tmpl", detail::default_templates(), alertmanager_functions(0), am_options())) {}

void NotificationTemplates::load_text(std::string_view name, std::string_view text) {
  defs_.add_definitions(Template::parse(name, text, alertmanager_functions(0), am_options()));
}

void NotificationTemplates::load_files(const std::vector<std::string>& globs) {
  for (const auto& pattern : globs) {
    glob_t g{};
    int rc = ::glob(pattern.c_str(), 0, nullptr, &g);
    if (rc == GLOB_NOMATCH) {
      ::globfree(&g);
      continue;
    }
    if (rc != 0) {
      ::globfree(&g);
      throw Error(fmt::format("templates: bad pattern {}", pattern));
    }
    std::vector<std::string> files(g.gl_pathv, g.gl_pathv + g.gl_pathc);
    ::globfree(&g);
    for (const auto& file : files) {
      std::ifstream in(file, std::ios::binary);
      if (!in) throw Error(fmt::format("{}: cannot read template file", file));
      std::ostringstream text;
      text << in.rdbuf();
      std::string base = file.substr(file.find_last_of('/') + 1);
      try {
        load_text(base, text.str());
      } catch (const TemplateParseError& e) {
        throw ParseError(Location{file, e.location().line, e.location().column}, e.what());
      }
    }
  }
}

std::string NotificationTemplates::expand(std::string_view text, const notify::Notification& n) const {
  return expand_data(text, notification_data(n), n.now_ms);
}

std::string NotificationTemplates::expand_data(std::string_view text, const Value& data, std::int64_t now_ms) const {
  if (text.empty()) return "";
  Template own = Template::parse("", text, alertmanager_functions(now_ms), am_options());
  Template t = defs_;
  t.add_definitions(own);
  return t.execute_named("", data);
}

}  // namespace mon::tmpl
