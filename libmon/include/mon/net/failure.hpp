#pragma once
// A failed libcurl transfer named the way an operator reads it: "connection refused",
// "connection reset by peer", "timed out: ...", "TLS failure: ...", "DNS failure: ...".
#include <string>

#include "mon/net/curl.hpp"

namespace mon::net {

std::string describe_failure(CURL* h, CURLcode code, const char* error_buffer);

}  // namespace mon::net
