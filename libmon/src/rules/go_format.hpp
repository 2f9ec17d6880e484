#pragma once
// Go's spellings that promtool's messages are made of: strconv.Quote, time.Duration.String,
// strconv.FormatFloat(v, 'E', -1, 64), and labels.Labels.String().
#include <cstdint>
#include <string>
#include <string_view>

#include "mon/format/go_quote.hpp"
#include "mon/model/metric.hpp"

namespace mon::rules::detail {

using format::go_quote;
std::string go_duration(std::int64_t ms);  // "0s", "1m0s", "1h30m0s", "500ms", "1.5s"
std::string go_float_E(double v);          // "1E+00", "3.0000000000000004E+00", "NaN", "+Inf"
std::string labels_string(const model::Labels& ls);  // {__name__="up", job="x"}

}  // namespace mon::rules::detail
