// Typed host functions: wrap_function() turns a plain C++ callable into a Func whose
// WebAssembly type is deduced from the callable's signature, so embedders never touch
// Value spans by hand.
//
//   Parameters: int32_t / uint32_t -> i32, int64_t / uint64_t -> i64, float -> f32,
//               double -> f64; optionally preceded by `Caller&`.
//   Return:     void, one such scalar, Result<void, Trap> or Result<T, Trap> (a Trap
//               fails the call: kind Host with its message, or OutOfGas).
//
//   Func log = wrap_function(store, [](Caller& c, int32_t ptr, int32_t len) { ... });
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "shortcrust/result.h"
#include "shortcrust/store.h"
#include "shortcrust/trap.h"
#include "shortcrust/value.h"

namespace shortcrust {

namespace host_detail {

// The WebAssembly type of a C++ scalar; no definition for anything else, so an
// unsupported parameter or result type fails to compile here.
template <class T> struct WasmType;
template <> struct WasmType<int32_t> { static constexpr ValType kType = ValType::I32; };
template <> struct WasmType<uint32_t> { static constexpr ValType kType = ValType::I32; };
template <> struct WasmType<int64_t> { static constexpr ValType kType = ValType::I64; };
template <> struct WasmType<uint64_t> { static constexpr ValType kType = ValType::I64; };
template <> struct WasmType<float> { static constexpr ValType kType = ValType::F32; };
template <> struct WasmType<double> { static constexpr ValType kType = ValType::F64; };

template <class T>
T from_value(const Value& v) {
  if constexpr (std::is_same_v<T, int32_t> || std::is_same_v<T, uint32_t>) return static_cast<T>(v.i32());
  else if constexpr (std::is_same_v<T, int64_t> || std::is_same_v<T, uint64_t>) return static_cast<T>(v.i64());
  else if constexpr (std::is_same_v<T, float>) return v.f32();
  else return v.f64();
}

template <class T>
Value to_value(T v) {
  if constexpr (std::is_same_v<T, int32_t> || std::is_same_v<T, uint32_t>) return Value::i32(static_cast<int32_t>(v));
  else if constexpr (std::is_same_v<T, int64_t> || std::is_same_v<T, uint64_t>) return Value::i64(static_cast<int64_t>(v));
  else if constexpr (std::is_same_v<T, float>) return Value::f32(v);
  else return Value::f64(v);
}

// What a callable returns: `Scalar` is the scalar result type (void for none) and
// `kFallible` says whether it comes wrapped in Result<_, Trap>.
template <class R> struct Returns { using Scalar = R; static constexpr bool kFallible = false; };
template <class T> struct Returns<Result<T, Trap>> { using Scalar = T; static constexpr bool kFallible = true; };

// Signature of a function pointer or of a (possibly mutable, possibly noexcept) lambda.
template <class R, class... A> struct Signature {
  using Ret = R;
  using Args = std::tuple<A...>;
};
template <class F> struct Traits : Traits<decltype(&F::operator())> {};
template <class R, class... A> struct Traits<R (*)(A...)> : Signature<R, A...> {};
template <class R, class... A> struct Traits<R (*)(A...) noexcept> : Signature<R, A...> {};
template <class C, class R, class... A> struct Traits<R (C::*)(A...)> : Signature<R, A...> {};
template <class C, class R, class... A> struct Traits<R (C::*)(A...) const> : Signature<R, A...> {};
template <class C, class R, class... A> struct Traits<R (C::*)(A...) noexcept> : Signature<R, A...> {};
template <class C, class R, class... A> struct Traits<R (C::*)(A...) const noexcept> : Signature<R, A...> {};

// Splits an argument tuple into "takes Caller& first" and the WebAssembly parameters.
template <class Args> struct Params;
template <> struct Params<std::tuple<>> {
  static constexpr bool kWithCaller = false;
  using Wasm = std::tuple<>;
};
template <class First, class... Rest> struct Params<std::tuple<First, Rest...>> {
  static constexpr bool kWithCaller = std::is_same_v<First, Caller&>;
  using Wasm = std::conditional_t<kWithCaller, std::tuple<Rest...>, std::tuple<First, Rest...>>;
};

template <class Tuple> struct TypeList;
template <class... T> struct TypeList<std::tuple<T...>> {
  static std::vector<ValType> get() { return {WasmType<std::decay_t<T>>::kType...}; }
};

template <class Fn, class Wasm, bool kWithCaller, size_t... I>
decltype(auto) invoke(Fn& fn, Caller& caller, std::span<const Value> params, std::index_sequence<I...>) {
  if constexpr (kWithCaller) {
    return fn(caller, from_value<std::decay_t<std::tuple_element_t<I, Wasm>>>(params[I])...);
  } else {
    (void)caller;
    return fn(from_value<std::decay_t<std::tuple_element_t<I, Wasm>>>(params[I])...);
  }
}

}  // namespace host_detail

// Creates a host function in `store` from `f` (copied into the function; must be
// copyable). See the file comment for the accepted signatures.
template <class F>
Func wrap_function(Store& store, F&& f, std::string debug_name = {}) {
  using Fn = std::decay_t<F>;
  using Sig = host_detail::Traits<Fn>;
  using P = host_detail::Params<typename Sig::Args>;
  using Wasm = typename P::Wasm;
  using Ret = host_detail::Returns<typename Sig::Ret>;
  using Scalar = typename Ret::Scalar;
  constexpr bool kWithCaller = P::kWithCaller;

  FuncType type;
  type.params = host_detail::TypeList<Wasm>::get();
  if constexpr (!std::is_void_v<Scalar>) type.results = {host_detail::WasmType<Scalar>::kType};

  HostCallback callback = [fn = Fn(std::forward<F>(f))](Caller& caller, std::span<const Value> params,
                                                         std::span<Value> results) mutable -> Result<void, Trap> {
    constexpr auto kIndices = std::make_index_sequence<std::tuple_size_v<Wasm>>();
    if constexpr (Ret::kFallible) {
      auto out = host_detail::invoke<Fn, Wasm, kWithCaller>(fn, caller, params, kIndices);
      if (!out.ok()) return std::move(out).error();
      if constexpr (!std::is_void_v<Scalar>) results[0] = host_detail::to_value<Scalar>(std::move(out).value());
      return {};
    } else if constexpr (std::is_void_v<Scalar>) {
      host_detail::invoke<Fn, Wasm, kWithCaller>(fn, caller, params, kIndices);
      return {};
    } else {
      results[0] = host_detail::to_value<Scalar>(host_detail::invoke<Fn, Wasm, kWithCaller>(fn, caller, params, kIndices));
      return {};
    }
  };
  return store.create_function(std::move(type), std::move(callback), std::move(debug_name));
}

}  // namespace shortcrust
