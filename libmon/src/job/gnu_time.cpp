// GNU time's output format; see mon/job/gnu_time.hpp. The arithmetic follows GNU time 1.9's
// resuse.c and time.c: times are truncated to hundredths, the CPU percentage is computed in whole
// milliseconds.
#include "mon/job/gnu_time.hpp"

#include <unistd.h>

#include <cinttypes>
#include <cmath>
#include <cstdio>

namespace mon::job {

const std::string_view kGnuVerboseFormat =
    "\tCommand being timed: \"%C\"\n"
    "\tUser time (seconds): %U\n"
    "\tSystem time (seconds): %S\n"
    "\tPercent of CPU this job got: %P\n"
    "\tElapsed (wall clock) time (h:mm:ss or m:ss): %E\n"
    "\tAverage shared text size (kbytes): %X\n"
    "\tAverage unshared data size (kbytes): %D\n"
    "\tAverage stack size (kbytes): %p\n"
    "\tAverage total size (kbytes): %K\n"
    "\tMaximum resident set size (kbytes): %M\n"
    "\tAverage resident set size (kbytes): %t\n"
    "\tMajor (requiring I/O) page faults: %F\n"
    "\tMinor (reclaiming a frame) page faults: %R\n"
    "\tVoluntary context switches: %w\n"
    "\tInvoluntary context switches: %c\n"
    "\tSwaps: %W\n"
    "\tFile system inputs: %I\n"
    "\tFile system outputs: %O\n"
    "\tSocket messages sent: %s\n"
    "\tSocket messages received: %r\n"
    "\tSignals delivered: %k\n"
    "\tPage size (bytes): %Z\n"
    "\tExit status: %x";

const std::string_view kGnuPortableFormat = "real %e\nuser %U\nsys %S";

namespace {

// Seconds as GNU time keeps them: whole seconds and microseconds.
struct Tv {
  std::int64_t sec = 0;
  std::int64_t usec = 0;
};

Tv to_tv(double seconds) {
  if (!(seconds > 0)) return {};
  auto us = static_cast<std::int64_t>(std::llround(seconds * 1e6));
  return {us / 1000000, us % 1000000};
}

std::int64_t ms(const Tv& t) { return t.sec * 1000 + t.usec / 1000; }

void put(std::string& out, const char* format, std::int64_t a, std::int64_t b = 0, std::int64_t c = 0) {
  char buf[96];
  std::snprintf(buf, sizeof buf, format, a, b, c);
  out += buf;
}

void hundredths(std::string& out, const Tv& t) { put(out, "%" PRId64 ".%02" PRId64, t.sec, t.usec / 10000); }

}  // namespace

std::string gnu_time_report(const Record& r, std::string_view format) {
  std::string out;
  if (r.exit_code && *r.exit_code != 0)
    out += "Command exited with non-zero status " + std::to_string(*r.exit_code) + "\n";
  else if (!r.exit_code && r.signal != 0)
    out += "Command terminated by signal " + std::to_string(r.signal) + "\n";
  const Tv elapsed = to_tv(r.wall_seconds), user = to_tv(r.usage.user_seconds), sys = to_tv(r.usage.system_seconds);
  const proc::Usage& u = r.usage;
  for (std::size_t i = 0; i < format.size(); ++i) {
    const char c = format[i];
    if (c == '\\') {
      if (i + 1 >= format.size()) {
        out += "?\\";
        break;
      }
      const char e = format[++i];
      if (e == 'n') out += '\n';
      else if (e == 't') out += '\t';
      else if (e == '\\') out += '\\';
      else {
        out += "?\\";
        out += e;
      }
      continue;
    }
    if (c != '%') {
      out += c;
      continue;
    }
    if (i + 1 >= format.size()) {
      out += '?';
      break;
    }
    const char l = format[++i];
    switch (l) {
      case '%': out += '%'; break;
      case 'C':
        for (std::size_t k = 0; k < r.command.size(); ++k) out += (k ? " " : "") + r.command[k];
        break;
      case 'e': hundredths(out, elapsed); break;
      case 'E':
        if (elapsed.sec >= 3600)
          put(out, "%" PRId64 ":%02" PRId64 ":%02" PRId64, elapsed.sec / 3600, elapsed.sec % 3600 / 60,
              elapsed.sec % 60);
        else
          put(out, "%" PRId64 ":%02" PRId64 ".%02" PRId64, elapsed.sec / 60, elapsed.sec % 60, elapsed.usec / 10000);
        break;
      case 'U': hundredths(out, user); break;
      case 'S': hundredths(out, sys); break;
      case 'P':
        if (ms(elapsed) > 0)
          put(out, "%" PRId64 "%%", (ms(user) + ms(sys)) * 100 / ms(elapsed));
        else
          out += "?%";
        break;
      case 'M': put(out, "%" PRId64, u.max_rss_bytes / 1024); break;
      case 't': case 'K': case 'D': case 'p': case 'X': case 'W': case 'r': case 's': case 'k': out += '0'; break;
      case 'Z': put(out, "%" PRId64, static_cast<std::int64_t>(::sysconf(_SC_PAGESIZE))); break;
      case 'F': put(out, "%" PRId64, u.major_faults); break;
      case 'R': put(out, "%" PRId64, u.minor_faults); break;
      case 'c': put(out, "%" PRId64, u.involuntary_switches); break;
      case 'w': put(out, "%" PRId64, u.voluntary_switches); break;
      case 'I': put(out, "%" PRId64, u.block_inputs); break;
      case 'O': put(out, "%" PRId64, u.block_outputs); break;
      case 'x': put(out, "%" PRId64, r.exit_code ? *r.exit_code : 0); break;
      default:
        out += '?';
        out += l;
    }
  }
  out += '\n';
  return out;
}

}  // namespace mon::job
