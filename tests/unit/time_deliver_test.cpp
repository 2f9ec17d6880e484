// Where a run's record goes: GNU time's format letters, the locked textfile update, the report
// formats by name and the history format rule.
#include <doctest/doctest.h>
#include <unistd.h>

#include <string>
#include <thread>
#include <vector>

#include "mon/job/deliver.hpp"
#include "mon/job/gnu_time.hpp"
#include "temp_files.hpp"
#include "time_records.hpp"

using namespace mon::job;
using namespace std::chrono_literals;

namespace {

Record gnu_record() {
  Record r;
  r.name = "backup";
  r.command = {"sh", "-c", "exit 3"};
  r.wall_seconds = 3725.678;  // 1:02:05
  r.usage.user_seconds = 1.239;
  r.usage.system_seconds = 0.5;
  r.usage.max_rss_bytes = 2048 * 1024;
  set_sample_counters(r.usage);
  r.exit_code = 3;
  return r;
}

}  // namespace

TEST_CASE("time: GNU time's format letters are replaced as GNU time replaces them") {
  Record r = gnu_record();
  const std::string page = std::to_string(::sysconf(_SC_PAGESIZE));
  CHECK(gnu_time_report(r, "%e|%E|%U|%S|%M|%F|%R|%c|%w|%I|%O|%x|%C|%%") ==
        "Command exited with non-zero status 3\n"
        "3725.67|1:02:05|1.23|0.50|2048|2|100|3|7|8|16|3|sh -c exit 3|%\n");
  CHECK(gnu_time_report(r, "%Z %t %K %D %p %X %W %r %s %k").find(page + " 0 0 0 0 0 0 0 0 0\n") != std::string::npos);
  // CPU percentage in whole milliseconds: 1739 ms of 3725678 ms.
  CHECK(gnu_time_report(r, "%P").find("\n0%\n") != std::string::npos);
  r.wall_seconds = 0.5;
  CHECK(gnu_time_report(r, "%E %P").find("\n0:00.50 347%\n") != std::string::npos);
  r.wall_seconds = 0;
  CHECK(gnu_time_report(r, "%P").find("\n?%\n") != std::string::npos);
  r.exit_code = 0;
  CHECK(gnu_time_report(r, "a\\tb\\nc\\\\d") == "a\tb\nc\\d\n");
  CHECK(gnu_time_report(r, "%q \\q %") == "?q ?\\q ?\n");
  r.exit_code.reset();
  r.signal = 15;
  CHECK(gnu_time_report(r, "%x") == "Command terminated by signal 15\n0\n");
  CHECK(gnu_time_report(r, kGnuPortableFormat).find("\nreal 0.00\nuser 1.23\nsys 0.50\n") != std::string::npos);
  CHECK(gnu_time_report(r, kGnuVerboseFormat).find("\tMaximum resident set size (kbytes): 2048\n") != std::string::npos);
}

TEST_CASE("time: overlapping textfile updates of one job count every run") {
  const temp_files::TempDir tmp;
  const std::string& dir = tmp.path;
  Record r = gnu_record();
  r.exit_code = 0;
  r.end = r.start = mon::time::SystemTime(std::chrono::seconds(1700000000));
  // flock(2) locks belong to open file descriptions: threads that open the lock file each are
  // as exclusive of one another as processes.
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&] {
      std::vector<std::string> warnings;
      for (int i = 0; i < 10; ++i) update_textfile(dir, r, warnings);
    });
  for (auto& t : threads) t.join();
  std::vector<std::string> warnings;
  Carry c = read_carry(textfile_path(dir, "backup"), warnings);
  CHECK(warnings.empty());
  CHECK(c.runs == 80);
  CHECK(c.failures == 0);
  CHECK(textfile_lock_path(dir, "backup") == dir + "/.backup.prom.lock");
  CHECK(::access(textfile_lock_path(dir, "backup").c_str(), F_OK) == 0);
}

TEST_CASE("time: report formats by name, and the history follows --format before the file name") {
  CHECK(parse_report_format("json") == ReportFormat::json);
  CHECK(parse_report_format("openmetrics") == ReportFormat::openmetrics);
  CHECK_FALSE(parse_report_format("yaml"));
  CHECK(history_format("runs.jsonl", ReportFormat::csv) == HistoryFormat::csv);
  CHECK(history_format("runs.csv", ReportFormat::json) == HistoryFormat::json);
  CHECK(history_format("runs.csv", ReportFormat::text) == HistoryFormat::csv);
  CHECK(history_format("runs.log", ReportFormat::prom) == HistoryFormat::json);
  Record r = gnu_record();
  CHECK(render_report(ReportFormat::prom, r, advance({}, r), false).find("monctl_job_runs_total") == std::string::npos);
  CHECK(render_report(ReportFormat::prom, r, advance({}, r), true).find("monctl_job_runs_total") != std::string::npos);
}
