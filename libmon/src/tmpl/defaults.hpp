#pragma once
// Internal: the text of monctl's default notification templates.
#include <string_view>

namespace mon::tmpl::detail {

std::string_view default_templates();

}  // namespace mon::tmpl::detail
