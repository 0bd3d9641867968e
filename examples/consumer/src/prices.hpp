// A price lookup with a cache: the synchronous fast path of value_task.
#pragma once

#include <valuetask/value_task.hpp>

valuetask::value_task<int> price_of(int item);
valuetask::value_task<int> total_of(int first, int second);
