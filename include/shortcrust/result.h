// Result<T>: the value-or-Error return type of every fallible Shortcrust call.
// No exceptions cross the library boundary; callers test ok() and take value()
// or error(). SC_TRY unwraps or returns the error to the caller. The error type is
// Error unless stated (Result<T, Trap> for host functions, Result<Instance,
// InstantiationError> for instantiation).
#pragma once

#include <cassert>
#include <new>
#include <type_traits>
#include <utility>

#include "shortcrust/error.h"

namespace shortcrust {

template <class T, class E = Error>
class [[nodiscard]] Result {
 public:
  Result(T value) : ok_(true) { new (&value_) T(std::move(value)); }       // NOLINT: implicit by design
  Result(E error) : ok_(false) { new (&error_) E(std::move(error)); }      // NOLINT: implicit by design

  Result(const Result& other) : ok_(other.ok_) {
    if (ok_) new (&value_) T(other.value_);
    else new (&error_) E(other.error_);
  }
  Result(Result&& other) noexcept(std::is_nothrow_move_constructible_v<T> &&
                                  std::is_nothrow_move_constructible_v<E>)
      : ok_(other.ok_) {
    if (ok_) new (&value_) T(std::move(other.value_));
    else new (&error_) E(std::move(other.error_));
  }
  Result& operator=(Result other) {
    this->~Result();
    new (this) Result(std::move(other));
    return *this;
  }
  ~Result() {
    if (ok_) value_.~T();
    else error_.~E();
  }

  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }

  T& value() & { assert(ok_); return value_; }
  const T& value() const& { assert(ok_); return value_; }
  T&& value() && { assert(ok_); return std::move(value_); }
  const E& error() const& { assert(!ok_); return error_; }
  E&& error() && { assert(!ok_); return std::move(error_); }

 private:
  bool ok_;
  union {
    T value_;
    E error_;
  };
};

// Result<void>: success carries nothing, and constructs nothing either: the error lives
// in a union, so `return ok();` on a hot path stores one flag, not a whole E.
template <class E>
class [[nodiscard]] Result<void, E> {
 public:
  Result() : ok_(true) {}
  Result(E error) : ok_(false) { new (&error_) E(std::move(error)); }  // NOLINT: implicit by design

  Result(const Result& other) : ok_(other.ok_) {
    if (!ok_) new (&error_) E(other.error_);
  }
  Result(Result&& other) noexcept(std::is_nothrow_move_constructible_v<E>) : ok_(other.ok_) {
    if (!ok_) new (&error_) E(std::move(other.error_));
  }
  Result& operator=(Result other) {
    this->~Result();
    new (this) Result(std::move(other));
    return *this;
  }
  ~Result() {
    if (!ok_) error_.~E();
  }

  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  void value() const { assert(ok_); }
  const E& error() const& { assert(!ok_); return error_; }
  E&& error() && { assert(!ok_); return std::move(error_); }

 private:
  bool ok_;
  union {
    E error_;
  };
};

inline Result<void> ok() { return {}; }

}  // namespace shortcrust

#define SC_CONCAT_INNER(a, b) a##b
#define SC_CONCAT(a, b) SC_CONCAT_INNER(a, b)

// SC_TRY(auto x, expr): evaluate expr (a Result); on error return it, else bind the value.
// SC_TRY_VOID(expr): the same for Result<void>.
#define SC_TRY(decl, expr)                                            \
  auto SC_CONCAT(sc_try_, __LINE__) = (expr);                         \
  if (!SC_CONCAT(sc_try_, __LINE__).ok()) [[unlikely]]                \
    return SC_CONCAT(sc_try_, __LINE__).error();                      \
  decl = std::move(SC_CONCAT(sc_try_, __LINE__)).value()

#define SC_TRY_VOID(expr)                                             \
  do {                                                                \
    auto sc_try_void_ = (expr);                                       \
    if (!sc_try_void_.ok()) [[unlikely]] return sc_try_void_.error(); \
  } while (0)
