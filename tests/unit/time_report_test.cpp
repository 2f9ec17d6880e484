// The reports of a run: JSON fields, CSV header and row, the text summary, and the Prometheus
// families with the textfile carry-over.
#include <doctest/doctest.h>

#include <cerrno>
#include <nlohmann/json.hpp>
#include <string>

#include "mon/error.hpp"
#include "mon/format/codec.hpp"
#include "mon/io/atomic_file.hpp"
#include "mon/job/history.hpp"
#include "mon/job/metrics.hpp"
#include "mon/job/report.hpp"
#include "temp_files.hpp"
#include "time_records.hpp"

using namespace mon::job;
using namespace std::chrono_literals;

namespace {

Record sample_record() {
  Record r;
  r.name = "backup";
  r.labels = {{"env", "prod"}, {"path", "/var/lib, \"db\""}};
  r.command = {"/usr/local/bin/backup.sh", "--full", "my file"};
  r.start = mon::time::SystemTime(std::chrono::seconds(1700000000));
  r.end = r.start + 1500ms;
  r.wall_seconds = 1.5;
  r.usage.user_seconds = 0.25;
  r.usage.system_seconds = 0.125;
  r.usage.max_rss_bytes = 10 * 1024 * 1024;
  set_sample_counters(r.usage);
  r.exit_code = 0;
  return r;
}

struct Collect : mon::format::Sink {
  void family(const mon::model::Family& f) override { families.push_back(f); }
  void sample(const mon::model::Family&, const mon::model::Sample& s) override { samples.push_back(s); }
  void finish() override { finished = true; }
  std::vector<mon::model::Family> families;
  std::vector<mon::model::Sample> samples;
  bool finished = false;
  const mon::model::Sample* find(const std::string& name) const {
    for (const auto& s : samples)
      if (s.name == name) return &s;
    return nullptr;
  }
};

}  // namespace

TEST_CASE("time: status follows timeout(1): code, 128+N, 124") {
  Record r = sample_record();
  CHECK(r.status() == 0);
  CHECK(r.success());
  r.exit_code.reset();
  r.signal = 9;
  CHECK(r.status() == 137);
  CHECK(r.signal_name() == "SIGKILL");
  r.timed_out = true;
  CHECK(r.status() == 124);
  CHECK_FALSE(r.success());
}

TEST_CASE("time: the JSON report names every field in the documented style") {
  Record r = sample_record();
  auto j = nlohmann::json::parse(json_line(r));
  CHECK(j["name"] == "backup");
  CHECK(j["labels"]["path"] == "/var/lib, \"db\"");
  CHECK(j["command"][2] == "my file");
  CHECK(j["start"] == "2023-11-14T22:13:20.000000Z");
  CHECK(j["end"] == "2023-11-14T22:13:21.500000Z");
  CHECK(j["wall_seconds"] == 1.5);
  CHECK(j["user_seconds"] == 0.25);
  CHECK(j["system_seconds"] == 0.125);
  CHECK(j["max_rss_bytes"] == 10485760);
  CHECK(j["exit_code"] == 0);
  CHECK(j["signal"].is_null());
  CHECK(j["timed_out"] == false);
  CHECK(j["minor_page_faults"] == 100);
  CHECK(j["block_output_operations"] == 16);
  CHECK_FALSE(j.contains("timeline"));
  CHECK(json_line(r).find('\n') == std::string::npos);

  r.sampled = true;
  r.sample_every_seconds = 0.5;
  r.tree_peak_rss_bytes = 20 << 20;
  r.timeline = {{0.5, 2, 1 << 20, 0.1}, {1.0, 3, 20 << 20, 0.3}};
  j = nlohmann::json::parse(json_line(r));
  CHECK(j["tree_peak_rss_bytes"] == 20 << 20);
  REQUIRE(j["timeline"].size() == 2);
  CHECK(j["timeline"][1]["processes"] == 3);
  CHECK(j["timeline"][1]["elapsed_seconds"] == 1.0);
}

TEST_CASE("time: CSV rows match the header and quote per RFC 4180") {
  Record r = sample_record();
  std::string header = csv_header(), row = csv_row(r);
  CHECK(header.rfind("name,labels,command,start,end,status,exit_code,", 0) == 0);
  // The labels cell holds commas and quotes: quoted, quotes doubled.
  CHECK(row.find(R"("{""env"":""prod"",""path"":""/var/lib, \""db\""""}")") != std::string::npos);
  CHECK(row.find("/usr/local/bin/backup.sh --full 'my file'") != std::string::npos);
  auto count_cells = [](const std::string& line) {
    int cells = 1;
    bool quoted = false;
    for (char c : line) {
      if (c == '"') quoted = !quoted;
      if (c == ',' && !quoted) ++cells;
    }
    return cells;
  };
  CHECK(count_cells(row) == count_cells(header));
  r.sampled = true;
  r.timeline = {{0.5, 2, 1024, 0.25}};
  CHECK(csv_row(r).find("\"[[0.5,2,1024,0.25]]\"") != std::string::npos);
}

TEST_CASE("time: the text summary has units and says how the job ended") {
  Record r = sample_record();
  std::string t = text_summary(r);
  CHECK(t.find("backup env=prod") != std::string::npos);
  CHECK(t.find("exited with code 0") != std::string::npos);
  CHECK(t.find("1.500 s") != std::string::npos);
  CHECK(t.find("10.0 MiB (10485760 bytes") != std::string::npos);
  CHECK(t.find("2023-11-14T22:13:20.000Z") != std::string::npos);
  r.exit_code.reset();
  r.signal = 15;
  r.timed_out = true;
  CHECK(text_summary(r).find("timed out, then killed by SIGTERM (signal 15); exit status 124") != std::string::npos);
  CHECK(human_bytes(512) == "512 B");
  CHECK(human_bytes(1536) == "1.50 KiB");
  CHECK(shell_quote({"a", "it's", ""}) == "a 'it'\\''s' ''");
}

TEST_CASE("time: metrics follow the cron-job conventions and carry labels") {
  Record r = sample_record();
  Carry c = advance({}, r);
  CHECK(c.runs == 1);
  CHECK(c.failures == 0);
  REQUIRE(c.last_success_seconds);
  CHECK(*c.last_success_seconds == doctest::Approx(1700000001.5));
  Collect sink;
  write_metrics(r, c, sink);
  CHECK(sink.finished);
  for (const auto& f : sink.families) CHECK_MESSAGE(f.has_help, f.name);
  const auto* d = sink.find("monctl_job_duration_seconds");
  REQUIRE(d);
  CHECK(d->value == 1.5);
  CHECK(d->labels == mon::model::Labels{{"env", "prod"}, {"job_name", "backup"}, {"path", "/var/lib, \"db\""}});
  REQUIRE(sink.find("monctl_job_last_success_timestamp_seconds"));
  REQUIRE(sink.find("monctl_job_runs_total"));
  CHECK(sink.find("monctl_job_exit_code")->value == 0);
  CHECK(sink.find("monctl_job_tree_peak_rss_bytes") == nullptr);

  Record failed = r;
  failed.exit_code = 2;
  Carry after = advance(c, failed);
  CHECK(after.runs == 2);
  CHECK(after.failures == 1);
  CHECK(after.last_success_seconds == c.last_success_seconds);  // kept from the last success

  MetricsOptions no_counters;
  no_counters.counters = false;
  no_counters.last_success = false;
  Collect bare;
  write_metrics(failed, after, bare, no_counters);
  CHECK(bare.find("monctl_job_runs_total") == nullptr);
  CHECK(bare.find("monctl_job_last_success_timestamp_seconds") == nullptr);
  CHECK(bare.find("monctl_job_exit_code")->value == 2);
}

TEST_CASE("time: the textfile carry-over reads back what was written, and survives a corrupt file") {
  const temp_files::TempDir tmp;
  const std::string& dir = tmp.path;
  std::string path = textfile_path(dir, "backup");
  CHECK(path == dir + "/backup.prom");
  std::vector<std::string> warnings;
  Carry fresh = read_carry(path, warnings);  // no file yet
  CHECK(warnings.empty());
  CHECK(fresh.runs == 0);

  Record r = sample_record();
  Carry c = advance(advance({}, r), r);
  mon::io::write_file_atomic(path, metrics_text(mon::format::Format::prom, r, c));
  Carry back = read_carry(path, warnings);
  CHECK(warnings.empty());
  CHECK(back.runs == 2);
  CHECK(back.failures == 0);
  REQUIRE(back.last_success_seconds);
  CHECK(*back.last_success_seconds == *c.last_success_seconds);

  mon::io::write_file_atomic(path, "monctl_job_runs_total{job_name=\"backup\" 3\n");
  Carry corrupt = read_carry(path, warnings);
  REQUIRE(warnings.size() == 1);
  CHECK(warnings[0].find(path + ":1:") != std::string::npos);
  CHECK(warnings[0].find("starting the counters afresh") != std::string::npos);
  CHECK(corrupt.runs == 0);

  warnings.clear();
  mon::io::write_file_atomic(path, "monctl_job_runs_total 2\nmonctl_job_failures_total 5\n");
  CHECK(read_carry(path, warnings).runs == 0);
  CHECK(warnings.size() == 1);

  warnings.clear();
  mon::io::write_file_atomic(path, std::string("\0\x01\x02 binary", 10));
  CHECK(read_carry(path, warnings).runs == 0);
  CHECK(warnings.size() == 1);
}

TEST_CASE("time: label and job names are checked before anything runs") {
  CHECK_FALSE(check_job_label("env"));
  CHECK(check_job_label("9x"));
  CHECK(check_job_label("__x"));
  CHECK(check_job_label("job_name")->find("reserved") != std::string::npos);
  CHECK(check_job_label("job"));
  CHECK_NOTHROW(check_textfile_name("backup-db.daily"));
  CHECK_THROWS_AS(check_textfile_name("a/b"), mon::Error);
  CHECK_THROWS_AS(check_textfile_name(".hidden"), mon::Error);
  CHECK_THROWS_AS(check_textfile_name(""), mon::Error);
}

TEST_CASE("time: --append writes the CSV header once and one line per run") {
  const temp_files::TempDir tmp;
  const std::string& dir = tmp.path;
  Record r = sample_record();
  std::string csv = dir + "/runs.csv", jsonl = dir + "/runs.jsonl";
  CHECK(history_format_for(csv) == HistoryFormat::csv);
  CHECK(history_format_for(jsonl) == HistoryFormat::json);
  append_history(csv, HistoryFormat::csv, r);
  append_history(csv, HistoryFormat::csv, r);
  std::string text = temp_files::slurp(csv);
  CHECK(text == csv_header() + "\r\n" + csv_row(r) + "\r\n" + csv_row(r) + "\r\n");
  append_history(jsonl, HistoryFormat::json, r);
  append_history(jsonl, HistoryFormat::json, r);
  CHECK(temp_files::slurp(jsonl) == json_line(r) + "\n" + json_line(r) + "\n");
  CHECK_THROWS_AS(append_history(dir + "/missing/x.csv", HistoryFormat::csv, r), mon::Error);
}

TEST_CASE("time: a command that could not start is a failed run with its 126 or 127") {
  Record r = make_start_failure("gone", {}, {"/nonexistent/backup.sh"},
                                mon::proc::SpawnError("/nonexistent/backup.sh", ENOENT));
  CHECK(r.status() == 127);
  CHECK_FALSE(r.success());
  CHECK(text_summary(r).find("could not start (cannot run /nonexistent/backup.sh: command not found); exit status 127") !=
        std::string::npos);
  auto j = nlohmann::json::parse(json_line(r));
  CHECK(j["status"] == 127);
  CHECK(j["exit_code"].is_null());
  CHECK(j["start_error"] == "cannot run /nonexistent/backup.sh: command not found");
  Carry c = advance({}, r);
  CHECK(c.failures == 1);
  CHECK_FALSE(c.last_success_seconds);
  CHECK(make_start_failure("x", {}, {"/etc/hostname"}, mon::proc::SpawnError("/etc/hostname", EACCES)).status() == 126);
}
