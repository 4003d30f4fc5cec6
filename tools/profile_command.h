// `fmsim profile TRACE.csv`: fits a scenario workload to a trace — the hourly profile in a chosen
// time zone, the class mix, and each class's input/output token distributions (empirical
// quantiles, with a lognormal fit alongside) — and prints it as YAML to paste into a scenario.
#pragma once

#include <string>

namespace fmsim::cli {

struct ProfileOptions {
  std::string trace_path;
  std::string format = "azure";  // azure | burstgpt | generic
  std::string timestamp_column, input_tokens_column, output_tokens_column, class_column;  // generic
  std::string time_zone = "UTC";       // zone the hourly profile is read in
  std::string timestamp_zone = "UTC";  // zone of timestamps that carry none
  std::string start;                   // for relative-seconds traces: the instant of the first row
};

// Prints the YAML to stdout. Returns 0, or 2 with a one-line error on stderr for bad input.
int profile_command(const ProfileOptions& options);

}  // namespace fmsim::cli
