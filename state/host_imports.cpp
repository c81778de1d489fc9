// The contract ABI's host imports (ARCHITECTURE §6.3, §6.4). Each one charges its
// dynamic price first (ARCHITECTURE §5), then checks every pointer and length against
// the running contract's memory: a bad one traps the frame. A failure the caller should
// see as a ContractError (panic, bad UTF-8, missing host query) is left in
// SessionState::pending before trapping; run_frame picks it up.
#include "state/host_imports.h"

#include <array>
#include <cstring>
#include <exception>
#include <string>
#include <vector>

#include "decoder/reader.h"
#include "runtime/objects.h"
#include "runtime/store_data.h"
#include "state/session_state.h"
#include "state/vm_state.h"

namespace shortcrust::state {

namespace {

struct ImportInfo {
  std::string_view name;
  std::string_view params;  // p: pointer (i32, or i64 in a 64-bit contract), i: i32, l: i64
  std::string_view results;
};

constexpr std::array<ImportInfo, kHostImportCount> kImports{{
    {"c", "ppiil", "i"},
    {"hq", "pii", "i"},
    {"hd", "pi", "i"},
    {"emit", "pii", ""},
    {"feed", "i", ""},
    {"caller", "", "i"},
    {"callstack", "", "i"},
    {"limit", "", "l"},
    {"spent", "", "l"},
    {"owner", "p", "i"},
    {"self_id", "", ""},
    {"panic", "i", ""},
    {"hdebug", "i", ""},
}};

std::vector<ValType> types_of(std::string_view codes, bool memory64) {
  std::vector<ValType> out;
  for (char c : codes) out.push_back(c == 'i' || (c == 'p' && !memory64) ? ValType::I32 : ValType::I64);
  return out;
}

using Params = std::span<const Value>;
using HostResult = Result<void, Trap>;

Trap host_trap(std::string message) { return Trap{TrapKind::Host, kNoFunction, 0, {}, std::move(message)}; }

// An i32 parameter is unsigned (lengths, 32-bit pointers); an i64 one as is.
uint64_t unsigned_param(Params params, size_t i) {
  return params[i].type() == ValType::I32 ? static_cast<uint32_t>(params[i].i32())
                                          : static_cast<uint64_t>(params[i].i64());
}

// The bytes [ptr, ptr + len) of the running contract's memory, or a trap naming `what`.
Result<std::span<uint8_t>, Trap> memory_range(const LiveContract& contract, uint64_t ptr, uint64_t len,
                                              std::string_view what) {
  const runtime::MemoryObject& memory = *contract.memory;
  if (len > memory.size || ptr > memory.size - len) {
    return host_trap(std::string(what) + " out of bounds of the contract's memory");
  }
  return std::span<uint8_t>(memory.base + ptr, len);
}

Result<std::span<uint8_t>, Trap> argbuf_prefix(const LiveContract& contract, uint64_t len, std::string_view what) {
  if (len > kArgbufLen) return host_trap(std::string(what) + " longer than the argument buffer");
  const std::span<uint8_t> argbuf = contract.argbuf();
  if (argbuf.empty()) return host_trap("the argument buffer lies outside the contract's memory");
  return argbuf.first(len);
}

// Charges kGasPerCopiedByte for each of `bytes`.
HostResult charge_copy(Caller& caller, uint64_t bytes) { return caller.charge_gas(bytes * kGasPerCopiedByte); }

// Fails the frame with `error` (kept for run_frame) by trapping.
Trap fail_frame(SessionState& session, ContractError::Kind kind, std::string message) {
  session.pending = ContractError{kind, message, {}};
  return host_trap(std::move(message));
}

class Imports {
 public:
  explicit Imports(SessionState& session) : s_(session) {}

  LiveContract& running() const { return *s_.frames.back().contract; }

  // c: inter-contract call (ARCHITECTURE §6.4).
  Result<int32_t, Trap> call(Caller& caller, Params p) {
    const uint64_t name_len = unsigned_param(p, 2);
    const uint64_t arg_len = unsigned_param(p, 3);
    const uint64_t requested = static_cast<uint64_t>(p[4].i64());
    SC_TRY_VOID(charge_copy(caller, name_len + arg_len));
    LiveContract& me = running();
    SC_TRY(std::span<uint8_t> callee_bytes, memory_range(me, unsigned_param(p, 0), 32, "c: callee id"));
    SC_TRY(std::span<uint8_t> name_bytes, memory_range(me, unsigned_param(p, 1), name_len, "c: function name"));
    SC_TRY(std::span<uint8_t> arg, argbuf_prefix(me, arg_len, "c: argument"));
    ContractId callee_id;
    std::memcpy(callee_id.bytes.data(), callee_bytes.data(), 32);
    if (s_.frames.size() >= kMaxCallDepth) return INT32_MIN;
    auto loaded = s_.find_or_load(callee_id);
    if (!loaded.ok()) {
      s_.fatal = loaded.error();
      return fail_frame(s_, s_.fatal->kind, s_.fatal->message);
    }
    LiveContract* callee = loaded.value();
    if (callee == nullptr) return -3;

    const uint64_t remaining = caller.gas_remaining();
    const uint64_t limit = requested > 0 && requested < remaining
                               ? requested
                               : remaining / 100 * 93 + remaining % 100 * 93 / 100;
    // Copies: the callee may be this very contract, whose argbuf the frame overwrites.
    const std::string function(name_bytes.begin(), name_bytes.end());
    const Bytes argument(arg.begin(), arg.end());
    FrameResult result = s_.run_frame(*callee, function, argument, limit);
    if (!result.ran) return INT32_MIN;
    if (!result.error) {
      // The nested Store::call has already taken what the callee spent.
      SC_TRY_VOID(charge_copy(caller, result.ret_len));
      const std::span<const uint8_t> ret = callee->argbuf().first(result.ret_len);
      const Bytes copy(ret.begin(), ret.end());
      write_argbuf(me, copy);
      return static_cast<int32_t>(result.ret_len);
    }
    // A state that cannot be read fails every frame up to the top.
    if (s_.fatal) return fail_frame(s_, s_.fatal->kind, s_.fatal->message);
    // A failed callee burns its whole limit; the nested call took `gas_spent` of it.
    SC_TRY_VOID(caller.charge_gas(limit - result.gas_spent));
    switch (result.error->kind) {
      case ContractError::Kind::Panic: {
        const std::string& message = result.error->message;
        Bytes out(4 + message.size());
        const uint32_t len = static_cast<uint32_t>(message.size());
        std::memcpy(out.data(), &len, 4);
        std::memcpy(out.data() + 4, message.data(), message.size());
        SC_TRY_VOID(charge_copy(caller, out.size()));
        write_argbuf(me, out);
        return -1;
      }
      case ContractError::Kind::OutOfGas: return -2;
      default: return INT32_MIN;
    }
  }

  // hq: a host query the embedder registered, priced before it runs.
  Result<int32_t, Trap> host_query(Caller& caller, Params p) {
    LiveContract& me = running();
    SC_TRY(std::span<uint8_t> name_bytes, memory_range(me, unsigned_param(p, 0), unsigned_param(p, 1), "hq: name"));
    const uint64_t arg_len = unsigned_param(p, 2);
    SC_TRY(std::span<uint8_t> arg, argbuf_prefix(me, arg_len, "hq: argument"));
    const std::string name(name_bytes.begin(), name_bytes.end());
    const HostQuery* query = s_.vm->host_query(name);
    if (query == nullptr) {
      return fail_frame(s_, ContractError::Kind::MissingHostQuery, "no host query named `" + name + "`");
    }
    uint64_t price = 0;
    Bytes scratch(me.argbuf().begin(), me.argbuf().end());
    Result<uint32_t, std::string> ran = std::string();
    try {
      price = query->price(arg);
    } catch (const std::exception& e) {
      return fail_frame(s_, ContractError::Kind::HostQueryFailed, "host query `" + name + "` price: " + e.what());
    } catch (...) {
      return fail_frame(s_, ContractError::Kind::HostQueryFailed, "host query `" + name + "` price failed");
    }
    SC_TRY_VOID(caller.charge_gas(price));
    try {
      ran = query->run(scratch, static_cast<uint32_t>(arg_len));
    } catch (const std::exception& e) {
      ran = std::string(e.what());
    } catch (...) {
      ran = std::string("unknown exception");
    }
    if (!ran.ok()) return fail_frame(s_, ContractError::Kind::HostQueryFailed, "host query `" + name + "`: " + ran.error());
    if (ran.value() > kArgbufLen) {
      return fail_frame(s_, ContractError::Kind::HostQueryFailed, "host query `" + name + "` returned too many bytes");
    }
    write_argbuf(me, std::span<const uint8_t>(scratch).first(ran.value()));
    return static_cast<int32_t>(ran.value());
  }

  // hd: session metadata by name.
  Result<int32_t, Trap> metadata(Caller& caller, Params p) {
    LiveContract& me = running();
    SC_TRY(std::span<uint8_t> name_bytes, memory_range(me, unsigned_param(p, 0), unsigned_param(p, 1), "hd: name"));
    const auto it = s_.metadata.find(std::string(name_bytes.begin(), name_bytes.end()));
    if (it == s_.metadata.end()) return 0;
    SC_TRY_VOID(charge_copy(caller, it->second.size()));
    if (it->second.size() > kArgbufLen) return host_trap("hd: metadata value longer than the argument buffer");
    write_argbuf(me, it->second);
    return static_cast<int32_t>(it->second.size());
  }

  HostResult emit(Caller& caller, Params p) {
    const uint64_t topic_len = unsigned_param(p, 1);
    const uint64_t data_len = unsigned_param(p, 2);
    SC_TRY_VOID(charge_copy(caller, topic_len + data_len));
    LiveContract& me = running();
    SC_TRY(std::span<uint8_t> topic, memory_range(me, unsigned_param(p, 0), topic_len, "emit: topic"));
    SC_TRY(std::span<uint8_t> data, argbuf_prefix(me, data_len, "emit: data"));
    if (!decoder::is_valid_utf8(topic)) return fail_frame(s_, ContractError::Kind::InvalidUtf8, "emit: the topic is not UTF-8");
    s_.events.push_back(Event{me.id, std::string(topic.begin(), topic.end()), Bytes(data.begin(), data.end()), false});
    return {};
  }

  HostResult feed(Caller& caller, Params p) {
    const uint64_t len = unsigned_param(p, 0);
    SC_TRY_VOID(charge_copy(caller, len));
    SC_TRY(std::span<uint8_t> data, argbuf_prefix(running(), len, "feed: data"));
    if (!s_.feeder) return host_trap("feed outside a feeder call");
    try {
      s_.feeder(data);
    } catch (...) {
      return host_trap("feed: the host's sink failed");
    }
    return {};
  }

  Result<int32_t, Trap> caller_id(Caller& caller) {
    if (s_.frames.size() < 2) return 0;
    SC_TRY_VOID(charge_copy(caller, 32));
    write_argbuf(running(), s_.frames[s_.frames.size() - 2].contract->id.bytes);
    return 1;
  }

  Result<int32_t, Trap> callstack(Caller& caller) {
    const size_t count = s_.frames.size() - 1;
    SC_TRY_VOID(charge_copy(caller, 32 * count));
    Bytes ids;
    ids.reserve(32 * count);
    for (size_t i = count; i-- > 0;) {
      const auto& id = s_.frames[i].contract->id.bytes;
      ids.insert(ids.end(), id.begin(), id.end());
    }
    write_argbuf(running(), ids);
    return static_cast<int32_t>(count);
  }

  int64_t limit() const { return static_cast<int64_t>(s_.frames.back().gas_limit); }
  int64_t spent(Caller& caller) const {
    return static_cast<int64_t>(s_.frames.back().gas_limit - caller.gas_remaining());
  }

  Result<int32_t, Trap> owner(Caller& caller, Params p) {
    LiveContract& me = running();
    const uint64_t ptr = unsigned_param(p, 0);
    const Bytes* owner = &me.owner;
    if (ptr != 0) {
      SC_TRY(std::span<uint8_t> id_bytes, memory_range(me, ptr, 32, "owner: contract id"));
      ContractId id;
      std::memcpy(id.bytes.data(), id_bytes.data(), 32);
      owner = s_.owner_of(id);
      if (owner == nullptr) return 0;
    }
    SC_TRY_VOID(charge_copy(caller, owner->size()));
    write_argbuf(me, *owner);
    return static_cast<int32_t>(owner->size());
  }

  HostResult self_id(Caller& caller) {
    SC_TRY_VOID(charge_copy(caller, 32));
    write_argbuf(running(), running().id.bytes);
    return {};
  }

  HostResult panic(Params p) {
    SC_TRY(std::span<uint8_t> message, argbuf_prefix(running(), unsigned_param(p, 0), "panic: message"));
    if (!decoder::is_valid_utf8(message)) {
      return fail_frame(s_, ContractError::Kind::InvalidUtf8, "panic: the message is not UTF-8");
    }
    return fail_frame(s_, ContractError::Kind::Panic, std::string(message.begin(), message.end()));
  }

  HostResult debug(Params p) {
    SC_TRY(std::span<uint8_t> message, argbuf_prefix(running(), unsigned_param(p, 0), "hdebug: message"));
    if (s_.vm->config.debug) s_.debug.emplace_back(message.begin(), message.end());
    return {};
  }

 private:
  // Writes `bytes` at the start of `contract`'s argbuf, journaled so a revert undoes it.
  void write_argbuf(LiveContract& contract, std::span<const uint8_t> bytes) {
    const std::span<uint8_t> argbuf = contract.argbuf();
    if (bytes.empty()) return;
    runtime::journal_write(s_.store.data().ctx, *contract.memory, contract.layout.argbuf, bytes.size());
    std::memcpy(argbuf.data(), bytes.data(), bytes.size());
  }

  SessionState& s_;
};

// Adapts a member of Imports to a HostCallback; `R` is the import's result (void, i32, i64).
template <class Fn>
HostCallback adapt(std::shared_ptr<Imports> imports, Fn fn) {
  return [imports = std::move(imports), fn](Caller& caller, Params params, std::span<Value> results) -> HostResult {
    using Out = decltype(fn(*imports, caller, params));
    if constexpr (std::is_same_v<Out, HostResult>) {
      return fn(*imports, caller, params);
    } else if constexpr (std::is_same_v<Out, int64_t>) {
      results[0] = Value::i64(fn(*imports, caller, params));
      return {};
    } else {
      Out out = fn(*imports, caller, params);
      if (!out.ok()) return std::move(out).error();
      results[0] = Value::i32(out.value());
      return {};
    }
  };
}

HostCallback callback_for(HostImport import, const std::shared_ptr<Imports>& imports) {
  using I = Imports;
  switch (import) {
    case HostImport::C: return adapt(imports, [](I& i, Caller& c, Params p) { return i.call(c, p); });
    case HostImport::Hq: return adapt(imports, [](I& i, Caller& c, Params p) { return i.host_query(c, p); });
    case HostImport::Hd: return adapt(imports, [](I& i, Caller& c, Params p) { return i.metadata(c, p); });
    case HostImport::Emit: return adapt(imports, [](I& i, Caller& c, Params p) { return i.emit(c, p); });
    case HostImport::Feed: return adapt(imports, [](I& i, Caller& c, Params p) { return i.feed(c, p); });
    case HostImport::Caller: return adapt(imports, [](I& i, Caller& c, Params) { return i.caller_id(c); });
    case HostImport::Callstack: return adapt(imports, [](I& i, Caller& c, Params) { return i.callstack(c); });
    case HostImport::Limit: return adapt(imports, [](I& i, Caller&, Params) { return i.limit(); });
    case HostImport::Spent: return adapt(imports, [](I& i, Caller& c, Params) { return i.spent(c); });
    case HostImport::Owner: return adapt(imports, [](I& i, Caller& c, Params p) { return i.owner(c, p); });
    case HostImport::SelfId: return adapt(imports, [](I& i, Caller& c, Params) { return i.self_id(c); });
    case HostImport::Panic: return adapt(imports, [](I& i, Caller&, Params p) { return i.panic(p); });
    case HostImport::Hdebug: return adapt(imports, [](I& i, Caller&, Params p) { return i.debug(p); });
  }
  return {};
}

}  // namespace

std::optional<HostImport> host_import(std::string_view name) {
  for (int i = 0; i < kHostImportCount; ++i) {
    if (kImports[i].name == name) return static_cast<HostImport>(i);
  }
  return std::nullopt;
}

std::string_view name(HostImport import) { return kImports[static_cast<int>(import)].name; }

FuncType host_import_type(HostImport import, bool memory64) {
  const ImportInfo& info = kImports[static_cast<int>(import)];
  return FuncType{types_of(info.params, memory64), types_of(info.results, memory64)};
}

HostFunctions create_host_functions(Store& store, SessionState& session) {
  auto imports = std::make_shared<Imports>(session);
  HostFunctions functions;
  for (int i = 0; i < kHostImportCount; ++i) {
    const auto import = static_cast<HostImport>(i);
    const std::string import_name(name(import));
    functions.wasm32[i] = store.create_function(host_import_type(import, false), callback_for(import, imports), import_name);
    functions.wasm64[i] = store.create_function(host_import_type(import, true), callback_for(import, imports), import_name);
  }
  return functions;
}

}  // namespace shortcrust::state
