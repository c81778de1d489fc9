// compile_module: every function body through the validator with the Driver as its Sink,
// into one asmjit CodeHolder (direct calls are label-relative) whose buffer is the code's
// own read+write pages, made read+execute before any of it runs.
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <utility>

#include "jit/driver/driver.h"
#include "jit/jit.h"
#include "jit/scratch.h"
#include "validator/function_validator.h"

namespace shortcrust::jit {
namespace {

// asmjit reports errors through a handler; keep the first and never throw.
struct RecordFirstError : asmjit::ErrorHandler {
  asmjit::Error first = asmjit::kErrorOk;
  void handleError(asmjit::Error e, const char*, asmjit::BaseEmitter*) override {
    if (first == asmjit::kErrorOk) first = e;
  }
};

Error assembler_error(asmjit::Error e) {
  return Error{Errc::LimitExceeded, 0, kNoFunction, asmjit::DebugUtils::errorAsString(e)};
}

constexpr size_t kHugePage = size_t{2} << 20;

size_t page_size() { return static_cast<size_t>(sysconf(_SC_PAGESIZE)); }
size_t round_to_pages(size_t n) { return (std::max<size_t>(n, 1) + page_size() - 1) / page_size() * page_size(); }

// Code is emitted straight into pages of its own (asmjit's text buffer is made to point
// at them), so that nothing is copied and every page is faulted in once; the unused
// tail is unmapped when the code is done.
class CodePages {
 public:
  explicit CodePages(size_t bytes) : size_(round_to_pages(bytes)) {
    void* p = mmap(nullptr, size_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    base_ = p == MAP_FAILED ? nullptr : static_cast<uint8_t*>(p);
    // Large code faults in 2 MiB at a time where the kernel allows it (a hint only): a
    // fault per 4 KiB page was a tenth of the compile time of a 1 MiB module.
    if (base_ != nullptr && size_ >= kHugePage) madvise(base_, size_, MADV_HUGEPAGE);
  }
  ~CodePages() {
    if (base_ != nullptr) munmap(base_, size_);
  }
  CodePages(const CodePages&) = delete;
  CodePages& operator=(const CodePages&) = delete;

  uint8_t* base() const { return base_; }
  size_t size() const { return size_; }
  // Hands the first `used` bytes (rounded to pages) over, unmapping the rest.
  std::pair<uint8_t*, size_t> release(size_t used) {
    const size_t keep = round_to_pages(used);
    if (keep < size_) munmap(base_ + keep, size_ - keep);
    uint8_t* base = base_;
    base_ = nullptr;
    return {base, keep};
  }

 private:
  uint8_t* base_ = nullptr;
  size_t size_ = 0;
};

Result<std::shared_ptr<const ModuleCode>> finalize(asmjit::CodeHolder& code, const std::vector<Label>& functions,
                                                   CodePages& pages) {
  if (asmjit::Error e = code.flatten()) return assembler_error(e);
  if (asmjit::Error e = code.resolveUnresolvedLinks()) return assembler_error(e);
  std::vector<uint32_t> entries;
  entries.reserve(functions.size());
  for (const Label& f : functions) entries.push_back(static_cast<uint32_t>(code.labelOffsetFromBase(f)));
  // The buffer is fixed: the code is in `pages`, and relocating it there is all it needs.
  const auto [base, size] = pages.release(code.codeSize());
  auto module = std::make_shared<const ModuleCode>(base, size, std::move(entries));
  if (asmjit::Error e = code.relocateToBase(reinterpret_cast<uint64_t>(base))) return assembler_error(e);
  // Sections asmjit adds by itself (an address table for far jumps) live in its own
  // buffers: copy them to their flattened offsets after the text.
  for (uint32_t i = 1; i < code.sectionCount(); ++i) {
    const asmjit::Section* section = code.sectionById(i);
    if (section->bufferSize() == 0) continue;
    if (section->offset() + section->bufferSize() > size) return assembler_error(asmjit::kErrorTooLarge);
    std::memcpy(base + section->offset(), section->data(), section->bufferSize());
  }
  flush_instruction_cache(base, size);
  if (mprotect(base, size, PROT_READ | PROT_EXEC) != 0) {
    return Error{Errc::LimitExceeded, 0, kNoFunction, "jit code memory protection"};
  }
  return module;
}

}  // namespace

ModuleCode::~ModuleCode() { munmap(base_, size_); }

namespace {

// One attempt into `pages`: kErrorTooLarge from asmjit (as an Error's detail) when the
// code does not fit them.
Result<std::shared_ptr<const ModuleCode>> compile_into(decoder::Module& module, const EngineConfig& config,
                                                       const std::vector<uint32_t>& type_ids, CodePages& pages,
                                                       bool& too_large) {
  asmjit::CodeHolder code;
  RecordFirstError errors;
  code.init(asmjit::Environment::host());
  code.setErrorHandler(&errors);
  // External (asmjit never frees it) and fixed: a full buffer is an error, not a move.
  asmjit::CodeBuffer& buffer = code.textSection()->buffer();
  buffer._data = pages.base();
  buffer._size = 0;
  buffer._capacity = pages.size();
  buffer._flags = asmjit::CodeBufferFlags::kIsExternal | asmjit::CodeBufferFlags::kIsFixed;
  HostMasm masm(code);

  Driver::ModuleInfo info;
  info.type_ids = &type_ids;
  info.imported_functions = module.imported_functions;
  info.has_memory = module.memory_count() > 0;
  info.trap_exit = masm.new_label();
  info.functions.reserve(module.functions.size());
  for (size_t i = 0; i < module.functions.size(); ++i) info.functions.push_back(masm.new_label());

  Driver driver(masm, config, info);
  // Working memory reused across modules on this thread, unless it grew too large.
  struct Scratch {
    validator::FunctionChecker::Scratch checker;
    Driver::Scratch driver;
    HostMasm::Scratch masm;
  };
  thread_local Scratch reused;
  struct Lend {  // swaps the working memory in, and out again on every return
    Driver& driver;
    HostMasm& masm;
    Scratch& scratch;
    Lend(Driver& d, HostMasm& m, Scratch& s) : driver(d), masm(m), scratch(s) { swap(); }
    ~Lend() {
      swap();
      put_away(scratch.checker.vals, scratch.checker.frames, scratch.checker.targets, scratch.checker.segments,
               scratch.checker.local_groups);
      scratch.driver.put_away();
      scratch.masm.put_away();
    }
    Lend(const Lend&) = delete;
    Lend& operator=(const Lend&) = delete;
    void swap() {
      driver.swap_scratch(scratch.driver);
      masm.swap_scratch(scratch.masm);
    }
  } lend(driver, masm, reused);
  validator::FunctionChecker::Scratch& scratch = reused.checker;
  const auto failed = [&] {
    too_large = errors.first == asmjit::kErrorTooLarge;
    return errors.first != asmjit::kErrorOk;
  };
  for (uint32_t i = 0; i < module.functions.size(); ++i) {
    SC_TRY_VOID(validator::validate_function(module, i, module.facts[i], driver, config.limits, scratch));
    if (failed()) return assembler_error(errors.first);
  }
  masm.module_exit(info.trap_exit);
  if (failed()) return assembler_error(errors.first);
  return finalize(code, info.functions, pages);
}

}  // namespace

// Code is about 6 times the size of its Wasm; a module that needs more than 8 (many
// calls or stores) is compiled again into 8 times as much, which keeps the total linear.
Result<std::shared_ptr<const ModuleCode>> compile_module(decoder::Module& module, const EngineConfig& config,
                                                         const std::vector<uint32_t>& type_ids) {
  for (size_t factor = 8;; factor *= 8) {
    CodePages pages(module.bytes.size() * factor + 4096);
    if (pages.base() == nullptr) return Error{Errc::LimitExceeded, 0, kNoFunction, "jit code memory"};
    bool too_large = false;
    Result<std::shared_ptr<const ModuleCode>> compiled = compile_into(module, config, type_ids, pages, too_large);
    if (compiled.ok() || !too_large) return compiled;
  }
}

}  // namespace shortcrust::jit
