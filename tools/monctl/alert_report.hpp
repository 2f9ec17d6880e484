#pragma once
// How `monctl alert run` prints the active alerts: a line each (state, labels, value, since, and
// the annotations beneath), or JSON lines; and the exit status the worst firing alert gives.
#include <string>
#include <vector>

#include "mon/rules/evaluator.hpp"

namespace monctl {

// Only pending and firing alerts are printed (resolved ones are kept for notifications).
std::string render_alerts_text(const std::vector<mon::rules::ActiveAlert>& alerts, bool color);
std::string render_alerts_json(const std::vector<mon::rules::ActiveAlert>& alerts);

// 0 nothing firing, 1 a firing alert, 2 a firing alert with severity critical or page.
int alert_status(const std::vector<mon::rules::ActiveAlert>& alerts);

}  // namespace monctl
