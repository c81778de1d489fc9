// `shortcrust_differential`: runs modules under two tiers and reports where they differ
// (differential.h). Sources: .wasm files and directories, `--random N` modules made by
// binaryen's `wasm-opt --translate-to-fuzz`, or `--spec DIR`, the binary modules of a
// spec suite converted with wast2json. Instead of comparing, `--record FILE` writes one
// tier's canonical records (cross-architecture checks) and `--save DIR` writes the
// modules themselves (a corpus). Ends with one summary line; exit 1 on a mismatch, 2 on a
// usage or I/O error. Mismatching generated modules are kept for reproduction.
#include <fcntl.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/wait.h>

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "spec-tests/runner.h"
#include "spec-tests/script.h"
#include "spec-tests/skips.h"
#include "spec-tests/wast2json.h"
#include "tests/differential/differential.h"

extern char** environ;

namespace shortcrust::differential {
namespace {

namespace fs = std::filesystem;

constexpr int kExitMismatch = 1;
constexpr int kExitUsage = 2;
// Modules generated and run per round; the next round's wasm-opt processes run while
// this round's modules execute, which keeps both cores busy.
constexpr size_t kBatch = 16;

// What happens to each module: the two tiers compared, one tier's records written, or the
// module saved into a corpus directory.
enum class Action { Compare, Record, Save };

struct Options {
  Action action = Action::Compare;
  Tier tier_a = Tier::Interp;  // also the one tier of --record
  Tier tier_b = Tier::Jit;
  bool memory64 = false;
  Inputs inputs;
  uint64_t random = 0;       // --random N
  bool random_mode = false;
  std::string wasm_opt = "wasm-opt";
  std::string spec_dir;      // --spec DIR
  std::vector<std::string> paths;
  std::string record_file;   // --record FILE
  std::string save_dir;      // --save DIR
};

// One module of a source, and what to call it: `name` is its path relative to the source
// (the corpus root, the spec folder's .wast without extension plus the line, or the
// random module's number), the same on every machine.
struct Source {
  fs::path path;
  std::string name;
  bool memory64 = false;
  bool generated = false;  // lives in a temp dir: copy it out on a mismatch
};

struct Totals {
  uint64_t modules = 0;
  uint64_t calls = 0;
  uint64_t mismatches = 0;
  uint64_t skipped = 0;
  std::FILE* records = nullptr;  // --record's file while open
  bool io_error = false;
};

void usage() {
  std::fprintf(stderr,
               "usage: shortcrust_differential [--tiers A,B] [--memory64] [--gas N] FILE.wasm|DIR...\n"
               "       shortcrust_differential [--tiers A,B] [--memory64] [--gas N] --random N --seed S "
               "[--wasm-opt PATH]\n"
               "       shortcrust_differential [--tiers A,B] [--memory64] [--gas N] --spec DIR\n"
               "       shortcrust_differential --record FILE [--tier T] SOURCE   (canonical records of one tier)\n"
               "       shortcrust_differential --save DIR SOURCE                 (write the modules: a corpus)\n"
               "Tiers: interp, jit (default interp,jit). --arg-sets N: argument sets per function (default 4,\n"
               "at least 2: zeros, small numbers, then random). Modules under a folder named memory64 run\n"
               "with memory64 on. Environment: SHORTCRUST_WAST2JSON.\n");
}

bool parse_u64(const char* text, uint64_t& out) {
  char* end = nullptr;
  out = std::strtoull(text, &end, 10);
  return end != text && *end == '\0';
}

bool parse_args(int argc, char** argv, Options& options) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const bool has_value = i + 1 < argc;
    if (arg == "--tiers" && has_value) {
      const std::string list = argv[++i];
      const size_t comma = list.find(',');
      if (comma == std::string::npos) return false;
      auto a = parse_tier(std::string_view(list).substr(0, comma));
      auto b = parse_tier(std::string_view(list).substr(comma + 1));
      if (!a || !b) return false;
      options.tier_a = *a;
      options.tier_b = *b;
    } else if (arg == "--tier" && has_value) {
      auto tier = parse_tier(argv[++i]);
      if (!tier) return false;
      options.tier_a = *tier;
    } else if (arg == "--record" && has_value) {
      options.record_file = argv[++i];
      options.action = Action::Record;
    } else if (arg == "--save" && has_value) {
      options.save_dir = argv[++i];
      options.action = Action::Save;
    } else if (arg == "--memory64") {
      options.memory64 = true;
    } else if (arg == "--gas" && has_value) {
      if (!parse_u64(argv[++i], options.inputs.gas_limit)) return false;
    } else if (arg == "--arg-sets" && has_value) {
      uint64_t sets = 0;
      if (!parse_u64(argv[++i], sets) || sets < 2 || sets > 64) return false;
      options.inputs.random_sets = static_cast<uint32_t>(sets - 2);
    } else if (arg == "--random" && has_value) {
      if (!parse_u64(argv[++i], options.random)) return false;
      options.random_mode = true;
    } else if (arg == "--seed" && has_value) {
      if (!parse_u64(argv[++i], options.inputs.seed)) return false;
    } else if (arg == "--wasm-opt" && has_value) {
      options.wasm_opt = argv[++i];
    } else if (arg == "--spec" && has_value) {
      options.spec_dir = argv[++i];
    } else if (!arg.empty() && arg[0] != '-') {
      options.paths.push_back(arg);
    } else {
      return false;
    }
  }
  const int modes = (options.random_mode ? 1 : 0) + (options.spec_dir.empty() ? 0 : 1) + (options.paths.empty() ? 0 : 1);
  const bool one_action = options.record_file.empty() || options.save_dir.empty();
  return modes == 1 && one_action;
}

bool read_file(const fs::path& path, std::vector<uint8_t>& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return true;
}

// Where mismatching generated modules are copied (the temp dirs they came from are
// removed); made on first use.
fs::path keep_dir() {
  static fs::path dir;
  if (!dir.empty()) return dir;
  const char* base = std::getenv("TMPDIR");
  std::string pattern = std::string(base != nullptr && base[0] != 0 ? base : "/tmp") + "/shortcrust-diff-kept-XXXXXX";
  if (mkdtemp(pattern.data()) != nullptr) dir = pattern;
  return dir;
}

// Runs one module under both tiers and updates the totals. A generated module lives in
// a temp dir and is copied out (its name flattened) on a mismatch.
void check_module(const Source& source, const std::vector<uint8_t>& bytes, const Options& options, Totals& totals) {
  EngineConfig config = default_config();
  config.features.memory64 = source.memory64;
  const ModuleRun a = run_module(bytes, config, options.tier_a, options.inputs);
  const ModuleRun b = run_module(bytes, config, options.tier_b, options.inputs);
  ++totals.modules;
  if (!a.ok() && !b.ok()) {
    ++totals.skipped;
    return;
  }
  if (a.ok()) totals.calls += a.value().size() - 1;  // the first record is the instantiation
  const std::string difference = compare(a, b);
  if (difference.empty()) return;
  ++totals.mismatches;
  fs::path shown = source.path;
  if (source.generated && !keep_dir().empty()) {
    std::string flat = source.name;
    std::replace(flat.begin(), flat.end(), '/', '-');
    std::error_code ec;
    shown = keep_dir() / flat;
    fs::copy_file(source.path, shown, fs::copy_options::overwrite_existing, ec);
  }
  std::printf("MISMATCH %s: %s vs %s: %s\n", shown.c_str(), tier_name(options.tier_a), tier_name(options.tier_b),
              difference.c_str());
}

// --record: one tier's canonical lines (differential.h, record_lines).
void record_module(const Source& source, const std::vector<uint8_t>& bytes, const Options& options, Totals& totals) {
  EngineConfig config = default_config();
  config.features.memory64 = source.memory64;
  const ModuleRun run = run_module(bytes, config, options.tier_a, options.inputs);
  ++totals.modules;
  if (run.ok()) {
    totals.calls += run.value().size() - 1;
  } else {
    ++totals.skipped;
  }
  const std::string lines = record_lines(source.name, run);
  // Flushed per module: if a tier crashes, the file ends with the last module it finished.
  if (std::fwrite(lines.data(), 1, lines.size(), totals.records) != lines.size() || std::fflush(totals.records) != 0) {
    totals.io_error = true;
  }
}

// --save: the module's bytes under DIR/NAME.
void save_module(const Source& source, const std::vector<uint8_t>& bytes, const Options& options, Totals& totals) {
  const fs::path target = fs::path(options.save_dir) / source.name;
  std::error_code ec;
  fs::create_directories(target.parent_path(), ec);
  std::ofstream out(target, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  if (!out) {
    std::fprintf(stderr, "cannot write %s\n", target.c_str());
    totals.io_error = true;
  }
  ++totals.modules;
}

void handle_module(const Source& source, const std::vector<uint8_t>& bytes, const Options& options, Totals& totals) {
  switch (options.action) {
    case Action::Compare: check_module(source, bytes, options, totals); return;
    case Action::Record: record_module(source, bytes, options, totals); return;
    case Action::Save: save_module(source, bytes, options, totals); return;
  }
}

// Files given, and the .wasm files under directories given (sorted by their path relative
// to that directory, which is also their name: a corpus reads the same on every machine).
int run_paths(const Options& options, Totals& totals) {
  std::vector<Source> sources;
  for (const std::string& p : options.paths) {
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      std::vector<std::string> found;
      for (auto it = fs::recursive_directory_iterator(p, ec); !ec && it != fs::recursive_directory_iterator();
           it.increment(ec)) {
        if (it->is_regular_file(ec) && it->path().extension() == ".wasm") {
          found.push_back(it->path().lexically_relative(p).generic_string());
        }
      }
      std::sort(found.begin(), found.end());
      for (const std::string& name : found) {
        const fs::path path = fs::path(p) / name;
        // A corpus module runs with memory64 on when it sits in a folder named memory64
        // below the corpus root (folders above it do not count: a corpus reads the same
        // wherever it is).
        sources.push_back({path, name, options.memory64 || spec::has_memory64_folder(name), false});
      }
    } else {
      const fs::path path(p);
      sources.push_back({path, path.filename().string(), options.memory64 || spec::in_memory64_folder(path), false});
    }
  }
  for (const Source& source : sources) {
    std::vector<uint8_t> bytes;
    if (!read_file(source.path, bytes)) {
      std::fprintf(stderr, "cannot read %s\n", source.path.c_str());
      return kExitUsage;
    }
    handle_module(source, bytes, options, totals);
  }
  return 0;
}

// One wasm-opt process of a batch.
struct Generation {
  fs::path output;
  uint64_t index = 0;
  pid_t pid = -1;
};

// Starts `wasm-opt -ttf INPUT -o OUTPUT` with the features Shortcrust implements
// (MVP + mutable globals, sign-ext, nontrapping float-to-int, multi-value, bulk memory;
// memory64 with --memory64). Not reference types: binaryen 108 then types ref.func as a
// typed function reference `(ref $t)`, so ~85% of its modules are invalid Wasm 2.0
// (wabt's wasm-validate agrees). Its chatter goes to /dev/null.
pid_t spawn_wasm_opt(const Options& options, const fs::path& input, const fs::path& output) {
  std::vector<std::string> args = {options.wasm_opt,
                                   "-ttf",
                                   input.string(),
                                   "-o",
                                   output.string(),
                                   "--mvp-features",
                                   "--enable-mutable-globals",
                                   "--enable-sign-ext",
                                   "--enable-nontrapping-float-to-int",
                                   "--enable-multivalue",
                                   "--enable-bulk-memory"};
  if (options.memory64) args.push_back("--enable-memory64");
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  pid_t pid = -1;
  if (posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ) != 0) pid = -1;
  posix_spawn_file_actions_destroy(&actions);
  return pid;
}

// Writes the pseudo-random input bytes of module `index` (sizes 256 B to 16 KiB: the
// input length bounds the generated module's size) and starts wasm-opt on them.
Generation start_generation(const Options& options, const fs::path& dir, uint64_t index) {
  uint64_t state = options.inputs.seed * 0x9e37'79b9'7f4a'7c15u + index;
  auto next = [&state] {
    state = state * 6364136223846793005u + 1442695040888963407u;
    return static_cast<uint8_t>(state >> 56);
  };
  const size_t size = 256 + ((static_cast<size_t>(next()) << 8 | next()) % (16 * 1024 - 256));
  std::vector<char> bytes(size);
  for (char& b : bytes) b = static_cast<char>(next());
  Generation g;
  g.index = index;
  const fs::path input = dir / ("input-" + std::to_string(index) + ".bin");
  g.output = dir / ("module-" + std::to_string(index) + ".wasm");
  std::ofstream(input, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  g.pid = spawn_wasm_opt(options, input, g.output);
  return g;
}

std::vector<Generation> start_batch(const Options& options, const fs::path& dir, uint64_t first) {
  std::vector<Generation> batch;
  for (uint64_t i = first; i < options.random && i < first + kBatch; ++i) {
    batch.push_back(start_generation(options, dir, i));
  }
  return batch;
}

int run_random(const Options& options, Totals& totals) {
  spec::TempDir dir;
  if (!dir.ok()) {
    std::fprintf(stderr, "cannot create a temp directory\n");
    return kExitUsage;
  }
  std::vector<Generation> batch = start_batch(options, dir.path(), 0);
  for (uint64_t first = 0; first < options.random; first += kBatch) {
    for (Generation& g : batch) {
      int status = 0;
      if (g.pid > 0) waitpid(g.pid, &status, 0);
      g.pid = (g.pid > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0) ? 0 : -1;
    }
    const std::vector<Generation> ready = std::move(batch);
    batch = start_batch(options, dir.path(), first + kBatch);
    for (const Generation& g : ready) {
      std::vector<uint8_t> bytes;
      if (g.pid != 0 || !read_file(g.output, bytes)) {
        if (g.index == 0) {
          std::fprintf(stderr, "wasm-opt (%s) failed; is binaryen installed?\n", options.wasm_opt.c_str());
          return kExitUsage;
        }
        ++totals.modules;
        ++totals.skipped;
        continue;
      }
      // Zero-padded, so that a saved corpus sorts in generation order.
      char name[64];
      std::snprintf(name, sizeof name, "random-seed%" PRIu64 "-%05" PRIu64 ".wasm", options.inputs.seed, g.index);
      handle_module({g.output, name, options.memory64, true}, bytes, options, totals);
      std::error_code ec;
      fs::remove(g.output, ec);
      fs::remove(dir.path() / ("input-" + std::to_string(g.index) + ".bin"), ec);
    }
  }
  return 0;
}

// Runs every binary `module` command of one converted .wast file; `stem` is the file's
// path under the spec folder without its extension (the modules' names start with it).
void run_spec_file(const fs::path& file, const std::string& stem, const Options& options, bool memory64,
                   Totals& totals) {
  spec::TempDir dir;
  spec::Conversion conversion = dir.ok() ? spec::convert_wast(file, dir.path(), memory64) : spec::Conversion{};
  std::vector<uint8_t> json;
  if (!conversion.ok || !read_file(conversion.json, json)) {
    std::fprintf(stderr, "%s: not converted: %s\n", file.c_str(), conversion.message.c_str());
    return;
  }
  auto script = spec::parse_script(std::string_view(reinterpret_cast<const char*>(json.data()), json.size()));
  if (!script.ok()) {
    std::fprintf(stderr, "%s: not a wast2json script\n", file.c_str());
    return;
  }
  for (const spec::Command& command : script.value().commands) {
    if (command.kind != spec::CommandKind::Module || command.module_type != spec::ModuleType::Binary) continue;
    const fs::path module = dir.path() / command.filename;
    std::vector<uint8_t> bytes;
    if (!read_file(module, bytes)) continue;
    char line[32];
    std::snprintf(line, sizeof line, "/line%05u.wasm", static_cast<unsigned>(command.line));
    handle_module({module, stem + line, memory64, true}, bytes, options, totals);
  }
}

int run_spec(const Options& options, Totals& totals) {
  auto files = spec::collect_spec_files({fs::path(options.spec_dir)});
  if (!files.ok()) {
    std::fprintf(stderr, "%s: %s\n", options.spec_dir.c_str(), describe(files.error()).c_str());
    return kExitUsage;
  }
  spec::SkipList skips;
  std::vector<uint8_t> manifest;
  if (read_file(spec::default_skips_file(), manifest)) {
    auto parsed = spec::SkipList::parse(std::string_view(reinterpret_cast<const char*>(manifest.data()), manifest.size()));
    if (parsed.ok()) skips = std::move(parsed).value();
  }
  for (const fs::path& file : files.value()) {
    if (file.extension() != ".wast") continue;
    const bool memory64 = options.memory64 || spec::in_memory64_folder(file);
    if (skips.match(file.string(), memory64) != nullptr) continue;
    fs::path stem = file.lexically_relative(options.spec_dir);
    if (stem.empty() || *stem.begin() == "..") stem = file.filename();
    run_spec_file(file, stem.replace_extension().generic_string(), options, memory64, totals);
  }
  return 0;
}

int main_impl(int argc, char** argv) {
  Options options;
  if (!parse_args(argc, argv, options)) {
    usage();
    return kExitUsage;
  }
  Totals totals;
  if (options.action == Action::Record) {
    totals.records = std::fopen(options.record_file.c_str(), "wb");
    if (totals.records == nullptr) {
      std::fprintf(stderr, "cannot write %s\n", options.record_file.c_str());
      return kExitUsage;
    }
  }
  int status = 0;
  if (options.random_mode) {
    status = run_random(options, totals);
  } else if (!options.spec_dir.empty()) {
    status = run_spec(options, totals);
  } else {
    status = run_paths(options, totals);
  }
  if (totals.records != nullptr && std::fclose(totals.records) != 0) totals.io_error = true;
  if (totals.io_error && status == 0) status = kExitUsage;
  // Results only, no timings: the run is a test (time it with `time` or CTest).
  switch (options.action) {
    case Action::Compare:
      std::fprintf(stderr, "%s vs %s\n", tier_name(options.tier_a), tier_name(options.tier_b));
      break;
    case Action::Record:
      std::fprintf(stderr, "%s records in %s\n", tier_name(options.tier_a), options.record_file.c_str());
      break;
    case Action::Save: std::fprintf(stderr, "modules saved in %s\n", options.save_dir.c_str()); break;
  }
  std::printf("%llu modules, %llu calls, %llu mismatches, %llu skipped\n",
              static_cast<unsigned long long>(totals.modules), static_cast<unsigned long long>(totals.calls),
              static_cast<unsigned long long>(totals.mismatches), static_cast<unsigned long long>(totals.skipped));
  if (status != 0) return status;
  return totals.mismatches != 0 ? kExitMismatch : 0;
}

}  // namespace
}  // namespace shortcrust::differential

int main(int argc, char** argv) { return shortcrust::differential::main_impl(argc, argv); }
