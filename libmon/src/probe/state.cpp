// The --state file; see state.hpp for the format and the locking.
#include "mon/probe/state.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>

#include "mon/format/number.hpp"
#include "mon/io/atomic_file.hpp"
#include "mon/io/read_file.hpp"

namespace mon::probe {

namespace {
constexpr std::string_view kHeader = "# monctl probe state 1";
constexpr std::size_t kMaxStateBytes = std::size_t(512) << 20;

void escape(std::string& out, std::string_view s) {
  for (char c : s) {
    switch (c) {
      case '\t': out += "\\t"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\\': out += "\\\\"; break;
      default: out += c;
    }
  }
}

std::optional<std::string> unescape_field(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\') {
      out += s[i];
      continue;
    }
    if (++i >= s.size()) return std::nullopt;
    switch (s[i]) {
      case 't': out += '\t'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case '\\': out += '\\'; break;
      default: return std::nullopt;
    }
  }
  return out;
}

// True when `text` starts with the state file's header line: only such a file is monctl's to
// replace or to set aside when it does not parse.
bool carries_header(std::string_view text) {
  return text.substr(0, kHeader.size()) == kHeader && (text.size() == kHeader.size() || text[kHeader.size()] == '\n');
}

// Up to `n` bytes from the start of `path`; nullopt when there is no such file.
std::optional<std::string> head_of(const std::string& path, std::size_t n) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return std::nullopt;
    throw Error("cannot open the state file " + path + ": " + std::strerror(errno));
  }
  std::string out(n, '\0');
  std::size_t got = 0;
  while (got < n) {
    ssize_t r = ::read(fd, out.data() + got, n - got);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) {
      int e = errno;
      ::close(fd);
      throw Error("cannot read the state file " + path + ": " + std::strerror(e));
    }
    if (r == 0) break;
    got += static_cast<std::size_t>(r);
  }
  ::close(fd);
  out.resize(got);
  return out;
}

// A file that is there, holds something, and is not a state file is the user's (`--state
// probes.yaml`, a typo): it is neither set aside nor replaced.
void refuse_foreign(const std::string& path, std::string_view head) {
  if (head.empty() || carries_header(head)) return;
  std::string why = head.substr(0, 21) == "# monctl probe state "
                        ? "it is a state file of another format version (this monctl reads \"" + std::string(kHeader) + "\")"
                        : "its first line is not \"" + std::string(kHeader) + "\"";
  throw Error(path + " is not a monctl probe state file: " + why +
              "; it is left untouched (check --state, or move the file away)");
}

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

History parse_state(const std::string& text, const std::string& name) {
  if (text.size() > kMaxStateBytes) throw ParseError({name, 0, 0}, "larger than 512 MiB");
  History h;
  std::size_t pos = 0;
  std::uint64_t line_no = 0;
  while (pos < text.size()) {
    std::size_t eol = text.find('\n', pos);
    if (eol == std::string::npos) throw ParseError({name, line_no + 1, 1}, "the last line is cut off");
    std::string_view line(text.data() + pos, eol - pos);
    pos = eol + 1;
    ++line_no;
    if (line_no == 1) {
      if (line != kHeader) throw ParseError({name, 1, 1}, "not a monctl probe state file (expected \"" + std::string(kHeader) + "\")");
      continue;
    }
    std::string_view f[6];
    std::size_t n = 0, start = 0;
    for (; n < 6; ++n) {
      auto tab = line.find('\t', start);
      if (n == 5) {
        if (tab != std::string_view::npos) break;
        f[n] = line.substr(start);
        ++n;
        break;
      }
      if (tab == std::string_view::npos) break;
      f[n] = line.substr(start, tab - start);
      start = tab + 1;
    }
    if (n != 6) throw ParseError({name, line_no, 1}, "expected 6 tab-separated fields");
    auto probe = unescape_field(f[0]);
    auto time_ms = format::parse_int64(f[1]);
    auto status = parse_status(f[2]);
    auto duration = format::parse_double(f[3]);
    std::optional<double> value;
    if (!f[4].empty()) value = format::parse_double(f[4]);
    auto message = unescape_field(f[5]);
    if (!probe || probe->empty() || !time_ms || !status || !duration || (!f[4].empty() && !value) || !message)
      throw ParseError({name, line_no, 1}, "a field does not parse");
    h[*probe].push_back({*time_ms, *status, *duration, value, *message});
  }
  if (line_no == 0) throw ParseError({name, 1, 1}, "the file is empty");
  return h;
}

std::string serialize_state(const History& history) {
  std::string out(kHeader);
  out += '\n';
  for (const auto& [name, records] : history)
    for (const auto& r : records) {
      escape(out, name);
      out += '\t';
      format::append_int64(out, r.time_ms);
      out += '\t';
      out += to_string(r.status);
      out += '\t';
      format::append_double(out, r.duration_seconds);
      out += '\t';
      if (r.value) format::append_double(out, *r.value);
      out += '\t';
      escape(out, r.message);
      out += '\n';
    }
  return out;
}

StateFile::StateFile(std::string path, bool exclusive, std::function<void(const std::string&)> warn)
    : path_(std::move(path)) {
  // Looked at before the lock file is made, so that a wrong --state leaves no trace beside it.
  if (auto head = head_of(path_, kHeader.size() + 1)) refuse_foreign(path_, *head);
  std::string lock_path = path_ + ".lock";
  // A reader creates nothing: without a lock file no run has written here, and a run replaces
  // the state by rename, so reading without the lock still sees one whole file.
  lock_fd_ = ::open(lock_path.c_str(), exclusive ? O_RDWR | O_CREAT | O_CLOEXEC : O_RDONLY | O_CLOEXEC, 0644);
  if (lock_fd_ < 0 && exclusive)
    throw Error("cannot create the lock file " + lock_path + ": " + std::strerror(errno));
  if (lock_fd_ >= 0)
    while (::flock(lock_fd_, exclusive ? LOCK_EX : LOCK_SH) != 0)
      if (errno != EINTR) throw Error("cannot lock " + lock_path + ": " + std::strerror(errno));
  auto text = io::read_file_if_exists(path_, kMaxStateBytes);
  if (!text || text->empty()) return;  // nothing to lose: history starts here
  refuse_foreign(path_, *text);         // replaced by something else while we waited for the lock
  try {
    history_ = parse_state(*text, path_);
  } catch (const ParseError& e) {
    // It carries the header: monctl wrote it, and it broke (a disk that filled up, an edit).
    std::string aside = path_ + ".corrupt-" + std::to_string(now_ms() / 1000);
    if (!exclusive) throw Error(std::string(e.what()) + " (the next run with --state sets it aside)");
    if (::rename(path_.c_str(), aside.c_str()) != 0)
      throw Error(std::string(e.what()) + "; and it cannot be set aside: " + std::strerror(errno));
    if (warn) warn(std::string(e.what()) + ": corrupt state file moved to " + aside + "; history starts afresh");
  }
}

StateFile::~StateFile() {
  if (lock_fd_ >= 0) ::close(lock_fd_);  // releases the lock
}

void StateFile::save(const std::vector<Result>& results, std::size_t keep) {
  for (const auto& r : results) {
    auto& records = history_[r.name];
    auto t = std::chrono::duration_cast<std::chrono::milliseconds>(r.started.time_since_epoch()).count();
    records.push_back({t, r.status, r.duration_seconds, r.value, r.message});
    if (records.size() > keep) records.erase(records.begin(), records.begin() + static_cast<std::ptrdiff_t>(records.size() - keep));
  }
  io::write_file_atomic(path_, serialize_state(history_), {true, 0644});
}

}  // namespace mon::probe
