#pragma once
// A file of probes, YAML or JSON (JSON is YAML):
//   defaults: {timeout: 5s, retries: 1}
//   probes:
//     - {name: api, type: http, url: "https://api.example.com/health", expect_status: [200]}
// Keys mirror the command-line options. Unknown keys, wrong types and duplicate names are
// errors naming the file, line, column and key.
#include <string>
#include <vector>

#include "mon/probe/spec.hpp"

namespace mon::probe {

// Throws mon::ParseError (FILE:LINE:COL: message) or mon::Error (the file cannot be read).
// Every spec comes back validated.
std::vector<Spec> load_config(const std::string& path);

// The same on text already read; `name` is the file name used in messages and `dir` the folder
// that relative paths (cacert, cert, key, body: "@FILE") are taken from.
std::vector<Spec> parse_config(const std::string& text, const std::string& name, const std::string& dir);

}  // namespace mon::probe
