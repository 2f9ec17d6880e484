#pragma once
// A run's record in GNU time's own words: `-f FORMAT` with its % letters and \ escapes, `-v`'s
// verbose listing and `-p`'s POSIX lines, byte for byte as GNU time 1.9 writes them (time(1),
// "FORMATTING THE OUTPUT"), so that scripts reading GNU time's output read ours.
#include <string>
#include <string_view>

#include "mon/job/record.hpp"

namespace mon::job {

// GNU time's -v listing (one tab-indented "label: value" line per measurement).
extern const std::string_view kGnuVerboseFormat;
// GNU time's -p (POSIX) output: "real %e\nuser %U\nsys %S".
extern const std::string_view kGnuPortableFormat;

// The record through `format`, with GNU time's letters:
//   %e %E %U %S %P  elapsed seconds, elapsed [h:]m:s, user and system seconds, CPU percentage
//   %M %t %K %D %p %X %Z  max RSS, average resident/total/data/stack/text sizes (KiB), page size
//   %F %R %W %c %w  major and minor page faults, swaps, involuntary and voluntary context switches
//   %I %O %r %s %k  file system inputs and outputs, socket messages received and sent, signals
//   %x %C %%  exit status, the command line, a percent sign
// and the escapes \n \t \\. Linux keeps no averages, swaps, socket message or signal counts in
// rusage: those are 0, as GNU time prints them there. An unknown letter or escape is written
// as GNU time writes it ("?" and the character, "?\" and the character). As GNU time, a job that
// failed gets a first line "Command exited with non-zero status N" or "Command terminated by
// signal N", and the output ends with a newline.
std::string gnu_time_report(const Record& r, std::string_view format);

}  // namespace mon::job
