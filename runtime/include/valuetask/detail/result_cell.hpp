// Where an operation's outcome waits for its consumer: nothing yet, a value,
// or an exception. Used by coroutine promises, sources and shared tasks.
#pragma once

#include <exception>
#include <type_traits>
#include <utility>
#include <variant>

namespace valuetask {

// What a value_task<void> contributes where a value is needed, e.g. in the
// tuple that when_all produces.
struct void_result {
  friend constexpr bool operator==(void_result, void_result) noexcept { return true; }
};

namespace detail {

template <class T>
using stored_t = std::conditional_t<std::is_void_v<T>, void_result, T>;

template <class T>
class result_cell {
  static constexpr std::size_t no_outcome = 0, value_index = 1, exception_index = 2;

 public:
  [[nodiscard]] bool has_outcome() const noexcept { return outcome_.index() != no_outcome; }
  [[nodiscard]] bool has_exception() const noexcept {
    return outcome_.index() == exception_index;
  }

  template <class... Args>
  void set_value(Args&&... args) {
    outcome_.template emplace<value_index>(std::forward<Args>(args)...);
  }
  void set_exception(std::exception_ptr error) noexcept {
    outcome_.template emplace<exception_index>(std::move(error));
  }
  void clear() noexcept { outcome_.template emplace<no_outcome>(); }

  [[nodiscard]] std::exception_ptr exception() const noexcept {
    return has_exception() ? std::get<exception_index>(outcome_) : nullptr;
  }

  // Moves the value out, or rethrows. Precondition: has_outcome().
  T take() {
    if constexpr (std::is_void_v<T>) {
      take_stored();
    } else {
      return take_stored();
    }
  }

  // The value in place, or rethrows. Precondition: has_outcome().
  const stored_t<T>& get() const {
    if (has_exception()) std::rethrow_exception(std::get<exception_index>(outcome_));
    return std::get<value_index>(outcome_);
  }

  // As take(), but keeps the void placeholder (for tuples).
  stored_t<T> take_stored() {
    if (has_exception()) std::rethrow_exception(std::get<exception_index>(outcome_));
    return std::move(std::get<value_index>(outcome_));
  }

 private:
  std::variant<std::monostate, stored_t<T>, std::exception_ptr> outcome_;
};

}  // namespace detail
}  // namespace valuetask
