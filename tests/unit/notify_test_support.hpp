#pragma once
// Test support for the notify tests: temporary directories, whole files, and the SMTP sink of
// tests/e2e/servers/smtp_sink.py (Debian's python3-aiosmtpd) started for one test.
#include <doctest/doctest.h>
#include <signal.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "mon/proc/spawn.hpp"

namespace notify_test {

namespace fs = std::filesystem;
using nlohmann::json;

inline std::string read_all(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct TempDir {
  fs::path path;
  TempDir() {
    char tmpl[] = "/tmp/notify_deliver_XXXXXX";
    REQUIRE(::mkdtemp(tmpl) != nullptr);
    path = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

// The SMTP sink of tests/e2e/servers/smtp_sink.py, started for one test.
class SmtpSink {
 public:
  explicit SmtpSink(const std::string& auth = "") {
    fs::create_directories(dir_.path / "mail");
    std::vector<std::string> argv = {"/usr/bin/python3", std::string(MONCTL_TEST_DATA) + "/../e2e/servers/smtp_sink.py",
                                     "--dir", (dir_.path / "mail").string(), "--port-file", (dir_.path / "port").string()};
    if (!auth.empty()) argv.insert(argv.end(), {"--auth", auth});
    mon::proc::SpawnOptions so;
    so.parent_death_signal = SIGKILL;
    pid_ = mon::proc::spawn(argv, so);
    // Until it says it accepts connections (it writes the port file after its own check).
    for (int i = 0; i < 1000 && !fs::exists(dir_.path / "port"); ++i) {
      mon::proc::WaitResult w;
      if (mon::proc::try_wait(pid_, w)) {
        pid_ = -1;
        break;
      }
      ::usleep(10'000);
    }
    REQUIRE(fs::exists(dir_.path / "port"));
    port_ = std::stoi(read_all(dir_.path / "port"));
  }
  ~SmtpSink() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      mon::proc::wait(pid_);
    }
  }
  std::string smarthost() const { return "127.0.0.1:" + std::to_string(port_); }
  json message(int n) const { return json::parse(read_all(dir_.path / "mail" / (std::to_string(n) + ".json"))); }
  bool has(int n) const { return fs::exists(dir_.path / "mail" / (std::to_string(n) + ".json")); }

 private:
  TempDir dir_;
  pid_t pid_ = -1;
  int port_ = 0;
};

inline bool have_aiosmtpd() {
  if (::access("/usr/bin/python3", X_OK) != 0) return false;
  pid_t pid = mon::proc::spawn(std::vector<std::string>{"/usr/bin/python3", "-c", "import aiosmtpd"});
  return mon::proc::wait(pid).status.shell_status() == 0;
}

inline std::string header_of(const std::string& data, const std::string& name) {
  std::string head = data.substr(0, data.find("\r\n\r\n"));
  std::istringstream in(head);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.rfind(name + ": ", 0) == 0) return line.substr(name.size() + 2);
  }
  return "(none)";
}

}  // namespace notify_test
