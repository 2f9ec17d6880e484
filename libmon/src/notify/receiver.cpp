// The receiver helpers that are not parsing: integration names and secrets read at delivery.
#include "mon/notify/receiver.hpp"

#include "mon/io/read_file.hpp"

namespace mon::notify {

std::string integration_name(const Receiver& r, std::size_t i) {
  if (i < r.webhooks.size()) return "webhook[" + std::to_string(i) + "]";
  i -= r.webhooks.size();
  if (i < r.slack.size()) return "slack[" + std::to_string(i) + "]";
  i -= r.slack.size();
  if (i < r.email.size()) return "email[" + std::to_string(i) + "]";
  i -= r.email.size();
  if (i < r.commands.size()) return "monctl_command[" + std::to_string(i) + "]";
  i -= r.commands.size();
  if (i < r.files.size()) return "monctl_file[" + std::to_string(i) + "]";
  return "integration[" + std::to_string(i) + "]";
}

std::string read_secret(const Secret& s) {
  if (s.file.empty()) return s.value;
  std::string text;
  try {
    text = io::read_file(s.file, 1u << 20);
  } catch (const Error& e) {
    throw Error(std::string(e.what()));  // names the file and why; never the contents
  }
  auto first = text.find_first_not_of(" \t\r\n\v\f");
  if (first == std::string::npos) return "";
  auto last = text.find_last_not_of(" \t\r\n\v\f");
  return text.substr(first, last - first + 1);
}

}  // namespace mon::notify
