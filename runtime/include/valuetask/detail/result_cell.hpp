// Where an operation's outcome waits for its consumer: nothing yet, a value,
// or an exception. Used by coroutine promises, sources and shared tasks.
#pragma once

#include "valuetask/detail/config.hpp"

#ifdef VALUETASK_SUPPORTED_LANGUAGE

#include <cstdint>
#include <exception>
#include <memory>
#include <type_traits>
#include <utility>

namespace valuetask {

// What a value_task<void> contributes where a value is needed, e.g. in the
// tuple that when_all produces.
struct void_result {
  friend constexpr bool operator==(void_result, void_result) noexcept { return true; }
};

namespace detail {

template <class T>
using stored_t = std::conditional_t<std::is_void_v<T>, void_result, T>;

// A hand-rolled tagged union rather than std::variant: g++ 12 reports false
// -Wmaybe-uninitialized warnings for a variant holding an exception_ptr.
template <class T>
class result_cell {
  using stored = stored_t<T>;
  enum class kind : std::uint8_t { none, value, exception };

 public:
  result_cell() noexcept {}
  result_cell(result_cell&& other) noexcept(std::is_nothrow_move_constructible_v<stored>) {
    take_from(other);
  }
  result_cell& operator=(result_cell&& other) noexcept(std::is_nothrow_move_constructible_v<stored>) {
    if (this != &other) {
      clear();
      take_from(other);
    }
    return *this;
  }
  ~result_cell() { clear(); }

  [[nodiscard]] bool has_exception() const noexcept { return kind_ == kind::exception; }
  [[nodiscard]] bool has_value() const noexcept { return kind_ == kind::value; }

  // Precondition of both setters: no outcome yet.
  template <class... Args>
  void set_value(Args&&... args) {
    std::construct_at(&value_, std::forward<Args>(args)...);
    kind_ = kind::value;
  }
  void set_exception(std::exception_ptr error) noexcept {
    std::construct_at(&exception_, std::move(error));
    kind_ = kind::exception;
  }
  void clear() noexcept {
    if (kind_ == kind::value) std::destroy_at(&value_);
    if (kind_ == kind::exception) std::destroy_at(&exception_);
    kind_ = kind::none;
  }

  // The value in place. Precondition: has_value().
  [[nodiscard]] stored& value() noexcept { return value_; }

  [[nodiscard]] std::exception_ptr exception() const noexcept {
    return has_exception() ? exception_ : nullptr;
  }

  // Moves the value out, or rethrows. Precondition: an outcome is set.
  T take() {
    if constexpr (std::is_void_v<T>) {
      take_stored();
    } else {
      return take_stored();
    }
  }

  // As take(), but keeps the void placeholder (for tuples).
  stored take_stored() {
    if (has_exception()) std::rethrow_exception(exception_);
    return std::move(value_);
  }

  // The value in place, or rethrows. Precondition: an outcome is set.
  const stored& get() const {
    if (has_exception()) std::rethrow_exception(exception_);
    return value_;
  }

 private:
  void take_from(result_cell& other) noexcept(std::is_nothrow_move_constructible_v<stored>) {
    if (other.kind_ == kind::value) std::construct_at(&value_, std::move(other.value_));
    if (other.kind_ == kind::exception) std::construct_at(&exception_, std::move(other.exception_));
    kind_ = other.kind_;
    other.clear();
  }

  union {
    stored value_;
    std::exception_ptr exception_;
  };
  kind kind_ = kind::none;
};

}  // namespace detail
}  // namespace valuetask

#endif  // VALUETASK_SUPPORTED_LANGUAGE
