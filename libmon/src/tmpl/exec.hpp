#pragma once
// Internal: execution of parsed templates.
#include <string>

#include "ast.hpp"

namespace mon::tmpl::detail {

// Executes `tree` of `set` on `dot`, appending to `out`. Throws mon::Error with Go's wording.
void execute_tree(const TreeSet& set, const Tree& tree, const Value& dot, std::string& out);

// The methods of time.Time and time.Duration values (Format, Unix, UTC, Sub, Seconds, ...).
const Method* time_method(const Value& v, std::string_view name);

}  // namespace mon::tmpl::detail
