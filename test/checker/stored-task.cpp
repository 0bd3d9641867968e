// RUN: %check_valuetask %s -- -I%inputs
// RUN: %check_valuetask_compiler %s -- -I%inputs

#include "value_task.h"
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <utility>
#include <variant>
#include <vector>

using valuetask::value_task;

value_task<int> make();
void consume(value_task<int> task);

// ---- flagged ----------------------------------------------------------------

struct assigns_a_member {
  value_task<int> pending_;
  void start() {
    pending_ = make();
    // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: task is stored in member 'pending_', where it can be awaited late or more than once; await it where it is made, or store the shared_task from preserve() [valuetask-stored-task]
  }
};

struct initialises_a_member_in_its_constructor {
  value_task<int> pending_;
  explicit initialises_a_member_in_its_constructor(value_task<int> task)
      : pending_(std::move(task)) {}
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: task is stored in member 'pending_', where it can be awaited late or more than once; await it where it is made, or store the shared_task from preserve() [valuetask-stored-task]
};

struct default_member_initialiser {
  value_task<int> pending_ = make();
  // CHECK-MESSAGES: :[[@LINE-1]]:30: warning: task is stored in member 'pending_', where it can be awaited late or more than once; await it where it is made, or store the shared_task from preserve() [valuetask-stored-task]
};

struct wrapped_in_an_optional_member {
  std::optional<value_task<int>> maybe_;
  void start() {
    maybe_ = make();
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: task is stored in member 'maybe_', where it can be awaited late or more than once; await it where it is made, or store the shared_task from preserve() [valuetask-stored-task]
  }
};

value_task<int> global_task = make();
// CHECK-MESSAGES: :[[@LINE-1]]:17: warning: task is stored in global 'global_task', where it can be awaited late or more than once; await it where it is made, or store the shared_task from preserve() [valuetask-stored-task]

void assigned_to_a_global() {
  global_task = make();
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: task is stored in global 'global_task', where it can be awaited late or more than once; await it where it is made, or store the shared_task from preserve() [valuetask-stored-task]
}

int static_local() {
  static value_task<int> once = make();
  // CHECK-MESSAGES: :[[@LINE-1]]:26: warning: task is stored in static local 'once', where it can be awaited late or more than once; await it where it is made, or store the shared_task from preserve() [valuetask-stored-task]
  return 0;
}

thread_local value_task<int> per_thread = make();
// CHECK-MESSAGES: :[[@LINE-1]]:30: warning: task is stored in thread-local 'per_thread', where it can be awaited late or more than once; await it where it is made, or store the shared_task from preserve() [valuetask-stored-task]

struct keeps_a_queue {
  std::vector<value_task<int>> queue_;
  std::map<int, value_task<int>> by_key_;

  void push_back_into_a_member_vector() {
    queue_.push_back(make());
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: task is stored in container 'queue_', where it can be awaited late or more than once; await it where it is made, or store the shared_task from preserve() [valuetask-stored-task]
  }
  void emplace_back_into_a_member_vector() {
    queue_.emplace_back(make());
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: task is stored in container 'queue_', where it can be awaited late or more than once; await it where it is made, or store the shared_task from preserve() [valuetask-stored-task]
  }
  void insert_into_a_member_map(int key) {
    by_key_.insert({key, make()});
    // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: task is stored in container 'by_key_', where it can be awaited late or more than once; await it where it is made, or store the shared_task from preserve() [valuetask-stored-task]
  }
  void assign_through_subscript(int key) {
    by_key_[key] = make();
    // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: task is stored in container 'by_key_', where it can be awaited late or more than once; await it where it is made, or store the shared_task from preserve() [valuetask-stored-task]
  }
};

void push_back_into_a_caller_vector(std::vector<value_task<int>> &out) {
  out.push_back(make());
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: task is stored in container 'out', where it can be awaited late or more than once; await it where it is made, or store the shared_task from preserve() [valuetask-stored-task]
}

value_task<int> *new_value_task() {
  return new value_task<int>(make());
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: task is stored in a heap allocation, where it can be awaited late or more than once; await it where it is made, or store the shared_task from preserve() [valuetask-stored-task]
}

std::unique_ptr<value_task<int>> make_unique_task() {
  return std::make_unique<value_task<int>>(make());
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: task is stored in a heap allocation, where it can be awaited late or more than once; await it where it is made, or store the shared_task from preserve() [valuetask-stored-task]
}

auto lambda_capturing_by_reference_is_returned() {
  auto t = make();
  return [&t]() -> value_task<int> { co_return co_await std::move(t); };
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: task is stored in a lambda capture that escapes this function, where it can be awaited late or more than once; await it where it is made, or store the shared_task from preserve() [valuetask-stored-task]
}

std::function<int()> lambda_capturing_by_reference_in_std_function() {
  auto t = make();
  std::function<int()> later = [&] { return std::move(t).result(); };
  // CHECK-MESSAGES: :[[@LINE-1]]:32: warning: task is stored in a lambda capture that escapes this function, where it can be awaited late or more than once; await it where it is made, or store the shared_task from preserve() [valuetask-stored-task]
  // CHECK-MESSAGES: :[[@LINE-2]]:55: warning: result of task 't' is read before it is known to be complete; co_await it, or check t.is_completed() first [valuetask-result-before-completion]
  return later;
}

struct holds_a_callback {
  std::function<int()> on_done;
};
std::function<int()> global_callback;

void lambda_capturing_by_reference_assigned_to_a_std_function_member(holds_a_callback &h) {
  auto t = make();
  h.on_done = [&t] { return std::move(t).result(); };
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: task is stored in a lambda capture that escapes this function, where it can be awaited late or more than once; await it where it is made, or store the shared_task from preserve() [valuetask-stored-task]
  // CHECK-MESSAGES: :[[@LINE-2]]:39: warning: result of task 't' is read before it is known to be complete; co_await it, or check t.is_completed() first [valuetask-result-before-completion]
}

void lambda_capturing_by_reference_assigned_to_a_global_std_function() {
  auto t = make();
  global_callback = [&t] { return std::move(t).result(); };
  // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: task is stored in a lambda capture that escapes this function, where it can be awaited late or more than once; await it where it is made, or store the shared_task from preserve() [valuetask-stored-task]
  // CHECK-MESSAGES: :[[@LINE-2]]:45: warning: result of task 't' is read before it is known to be complete; co_await it, or check t.is_completed() first [valuetask-result-before-completion]
}

auto init_capture_in_a_returned_lambda() {
  return [t = make()]() mutable { return std::move(t).result(); };
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: task is stored in a lambda capture that escapes this function, where it can be awaited late or more than once; await it where it is made, or store the shared_task from preserve() [valuetask-stored-task]
  // CHECK-MESSAGES: :[[@LINE-2]]:52: warning: result of task 't' is read before it is known to be complete; co_await it, or check t.is_completed() first [valuetask-result-before-completion]
}

#define STORE_IN(member) member = make()

struct stored_through_a_macro {
  value_task<int> t_;
  void start() {
    STORE_IN(t_);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: task is stored in member 't_', where it can be awaited late or more than once; await it where it is made, or store the shared_task from preserve() [valuetask-stored-task]
  }
};

// ---- fine -------------------------------------------------------------------

value_task<int> local_awaited_later_in_the_same_function() {
  auto t = make();
  int before = 1;
  co_return before + co_await std::move(t);
}

value_task<int> returned_from_a_factory() { return make(); }

void passed_straight_to_a_consumer() { consume(make()); }

int immediately_invoked_lambda() {
  auto t = make();
  return [&] { return std::move(t).result(); }();
  // CHECK-MESSAGES: :[[@LINE-1]]:33: warning: result of task 't' is read before it is known to be complete; co_await it, or check t.is_completed() first [valuetask-result-before-completion]
}

int lambda_kept_in_a_local_and_called_here() {
  auto t = make();
  auto finish = [&] { return std::move(t).result(); };
  // CHECK-MESSAGES: :[[@LINE-1]]:40: warning: result of task 't' is read before it is known to be complete; co_await it, or check t.is_completed() first [valuetask-result-before-completion]
  return finish();
}

value_task<int> local_vector_of_tasks_awaited_here() {
  std::vector<value_task<int>> batch;
  batch.push_back(make());
  batch.push_back(make());
  int sum = 0;
  for (value_task<int> &t : batch)
    sum += co_await std::move(t);
  co_return sum;
}

struct member_reset_to_empty {
  value_task<int> t_;
  member_reset_to_empty() : t_() {}
  void clear() { t_ = {}; }
  void clear_again() { t_ = value_task<int>(); }
};

struct default_constructed_member {
  value_task<int> t_;
  std::optional<value_task<int>> maybe_;
};

valuetask::shared_task<int> shared_global = make().preserve();

struct keeps_the_shared_task {
  valuetask::shared_task<int> shared_;
  explicit keeps_the_shared_task(value_task<int> t)
      : shared_(std::move(t).preserve()) {}
};

// ---- std::variant members ---------------------------------------------------

struct variant_holder {
  std::variant<int, value_task<int>> state_;
  std::optional<value_task<int>> maybe_;

  void store_the_task() {
    state_ = make();
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: task is stored in member 'state_', where it can be awaited late or more than once; await it where it is made, or store the shared_task from preserve() [valuetask-stored-task]
  }
  void emplace_the_task() {
    state_.emplace<1>(make());
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: task is stored in container 'state_', where it can be awaited late or more than once; await it where it is made, or store the shared_task from preserve() [valuetask-stored-task]
  }
  void clear_it() {
    state_ = 0;
    state_ = {};
    maybe_ = std::nullopt;
    maybe_ = {};
    maybe_.reset();
  }
};

// ---- members of locals are local storage ------------------------------------

struct local_holder {
  value_task<int> m;
  std::optional<value_task<int>> o;
  std::vector<value_task<int>> v;
};

struct duo {
  value_task<int> a, b;
};

void members_of_locals_are_not_stores() {
  local_holder h;
  h.v.emplace_back(make());
  h.o = make();
  h.m = make();
  duo d{make(), make()};
  d.a = make();
  std::pair<value_task<int>, value_task<int>> p{make(), make()};
  p.first = make();
}
