#pragma once
// What the kept results say about each probe: uptime, latency percentiles, the current streak,
// flapping (after Nagios Core's flap detection: weighted state changes over the last 21 checks,
// https://assets.nagios.com/downloads/nagioscore/docs/nagioscore/4/en/flapping.html) and the last failure.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "mon/probe/state.hpp"
#include "mon/style.hpp"

namespace mon::probe {

struct Summary {
  std::string name;
  std::size_t checks = 0;
  double uptime_percent = 0;  // share of checks that were OK or WARNING
  std::optional<double> p50_seconds, p95_seconds;
  bool up = false;            // the latest check
  std::size_t streak = 0;     // how many latest checks share its up/down state
  double change_percent = 0;  // Nagios' weighted percent state change
  bool flapping = false;
  Status last_status = Status::unknown;
  std::optional<std::int64_t> last_failure_ms;
  std::string last_failure_message;
};

// True for the statuses that count as up: OK and WARNING.
bool is_up(Status s);

Summary summarize(const std::string& name, const std::vector<Record>& records);
std::vector<Summary> summarize(const History& history);

// Nearest-rank percentile (q in 0..1) of unsorted values; nullopt when empty.
std::optional<double> percentile(std::vector<double> values, double q);

// Nagios' percent state change over the states (oldest first; the last 21 are used): each change
// weighted from 0.8 (oldest) to 1.2 (newest).
double percent_state_change(const std::vector<bool>& states);

// A table for people; NOW is marked with `style` (good when up, bad when down), plain by default.
void write_history_text(std::string& out, const std::vector<Summary>& summaries, const Style& style = {});
void write_history_json(std::string& out, const std::vector<Summary>& summaries);
void write_history_csv(std::string& out, const std::vector<Summary>& summaries);

}  // namespace mon::probe
