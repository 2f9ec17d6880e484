#pragma once
// The modes of `monctl alert`, one file each (alert_query.cpp, alert_test.cpp, alert_check.cpp,
// alert_run.cpp, alert_silence.cpp), put together by cmd_alert.cpp.
#include "alert_inputs.hpp"
#include "command.hpp"

namespace monctl {

// The input options query and run share: INPUT…, --scrape URL, --from FORMAT.
void add_input_options(CLI::App& sub, AlertInputs& in);

Run setup_alert_query(CLI::App& sub);
Run setup_alert_test(CLI::App& sub);
Run setup_alert_check(CLI::App& sub);
Run setup_alert_run(CLI::App& sub);
Run setup_alert_silence(CLI::App& sub);

}  // namespace monctl
