// Template: parsing into a set of named trees, adding definitions, executing.
#include "mon/tmpl/template.hpp"

#include <fmt/format.h>

#include "ast.hpp"
#include "exec.hpp"
#include "gostr.hpp"

namespace mon::tmpl {

TemplateParseError::TemplateParseError(Location loc, std::string message)
    : ParseError(loc, message), go_text_(fmt::format("template: {}:{}: {}", loc.file, loc.line, message)) {}

Template Template::parse(std::string_view name, std::string_view text, const FuncMap& funcs, Options options) {
  auto set = std::make_shared<detail::TreeSet>();
  set->funcs = funcs;
  set->options = options;
  for (auto& tree : detail::parse_trees(name, text, funcs)) set->trees[tree->name] = std::move(tree);
  Template t;
  t.set_ = std::move(set);
  t.name_ = std::string(name);
  return t;
}

std::string Template::execute(const Value& dot) const { return execute_named(name_, dot); }

std::string Template::execute_named(std::string_view name, const Value& dot) const {
  if (!set_) throw Error(fmt::format("template: {}: {} is an incomplete or empty template", name, go_quote(name)));
  auto it = set_->trees.find(name);
  if (it == set_->trees.end()) {
    if (name == name_)
      throw Error(fmt::format("template: {}: {} is an incomplete or empty template", name, go_quote(name)));
    throw Error(fmt::format("template: no template {} associated with template {}", go_quote(name), go_quote(name_)));
  }
  std::string out;
  detail::execute_tree(*set_, *it->second, dot, out);
  return out;
}

bool Template::has_template(std::string_view name) const { return set_ && set_->trees.count(name) != 0; }

void Template::add_definitions(const Template& other) {
  if (!other.set_) return;
  auto set = set_ ? std::make_shared<detail::TreeSet>(*set_) : std::make_shared<detail::TreeSet>();
  for (const auto& [name, tree] : other.set_->trees) {
    auto it = set->trees.find(name);
    if (it != set->trees.end() && tree->empty) continue;  // an empty template never replaces one
    set->trees[name] = tree;
  }
  for (const auto& [name, f] : other.set_->funcs) set->funcs.insert_or_assign(name, f);
  set_ = std::move(set);
}

const std::string& Template::name() const { return name_; }

}  // namespace mon::tmpl
