// <valuetask/value_task.hpp>: the whole library — value_task<T> (.NET's
// ValueTask<T> for C++20 coroutines, in valuetask/core.hpp), shared_task
// (preserve()), source_core and manual_reset_source, sync_wait and when_all.
// Each of those headers also compiles on its own.
#pragma once

#include "valuetask/detail/config.hpp"

#ifdef VALUETASK_SUPPORTED_LANGUAGE

#include "valuetask/core.hpp"
#include "valuetask/manual_reset_source.hpp"
#include "valuetask/shared_task.hpp"
#include "valuetask/source_core.hpp"
#include "valuetask/sync_wait.hpp"
#include "valuetask/task_misuse_error.hpp"
#include "valuetask/value_task_source.hpp"
#include "valuetask/when_all.hpp"

#endif  // VALUETASK_SUPPORTED_LANGUAGE
