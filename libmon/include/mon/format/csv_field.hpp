#pragma once
// One RFC 4180 field: quoted when it holds ',', '"', CR, LF or NUL, with '"' doubled (section 2).
// Every CSV monctl writes (metrics, job records, probe results, benchmarks) goes through it.
#include <string>
#include <string_view>

namespace mon::format {

void append_csv_field(std::string& out, std::string_view field);

}  // namespace mon::format
