// valuetask-bench-runtime: every runtime case in one binary, so that value_task
// and its peers are measured in the same run. Usual Google Benchmark flags.
#include "common.hpp"

int main(int argc, char** argv) {
  bench::register_peer_cases();
  bench::register_peer_task_cases();
  bench::register_asio_cases();
  bench::register_value_task_cases();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
