#pragma once
// Internal: text/template's built-in functions (all but and/or, which the executor short-circuits).
#include <span>
#include <string_view>

#include "mon/tmpl/value.hpp"

namespace mon::tmpl::detail {

Value call_builtin(std::string_view name, std::span<const Value> args);

}  // namespace mon::tmpl::detail
