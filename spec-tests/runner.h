// The spec-suite runner: runs the commands of wast2json scripts and reports, per file,
// what passed, failed and was skipped (and why). ScriptRunner::run_command is one
// `switch` over CommandKind (wasmtime's run_directive) that loads, links and runs
// modules on the chosen tier. Nothing here prints; the CLI formats reports.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "shortcrust/config.h"
#include "shortcrust/result.h"
#include "spec-tests/script.h"
#include "spec-tests/skips.h"

namespace shortcrust::spec {

enum class Engine : uint8_t { Interp, Jit };
const char* engine_name(Engine engine);  // "interp", "jit"

struct RunOptions {
  Engine engine = Engine::Interp;  // the tier every module is compiled for
  bool memory64 = false;           // enable memory64 for every file, not only memory64/
  bool verbose = false;            // also keep notes on passed and skipped commands
};

enum class Outcome : uint8_t { Passed, Failed, Skipped };

// One explained command: every failure, and with RunOptions::verbose every command.
struct CommandNote {
  uint32_t line = 0;      // in the .wast file; 0 for problems with the file itself
  std::string command;    // "assert_invalid", or "file" for file-level problems
  Outcome outcome = Outcome::Failed;
  std::string message;
};

struct FileReport {
  std::string path;           // as found from the command line
  bool memory64 = false;      // features the file ran with
  uint64_t passed = 0;
  uint64_t failed = 0;
  uint64_t skipped = 0;
  std::string skip_reason;    // set when the manifest skipped the whole file
  std::vector<CommandNote> notes;
};

// Does this file run with memory64 on its own (it lies under a folder named memory64,
// anywhere on its absolute path)?
bool in_memory64_folder(const std::filesystem::path& file);
// Is one of the folders `file` names, as given (relative paths stay relative), memory64?
bool has_memory64_folder(const std::filesystem::path& file);

// Expands command-line paths: files are kept (.wast or .json), directories are searched
// recursively for .wast files, or for .json files when they hold no .wast at all; sorted
// by path. Errors are Errc::BadArgument whose offset is the index of the bad path.
Result<std::vector<std::filesystem::path>> collect_spec_files(
    const std::vector<std::filesystem::path>& paths);

// Runs one file as given: applies the skip manifest, converts .wast with wast2json, runs
// the script. A file that cannot be converted or read counts as one failure.
FileReport run_spec_file(const std::filesystem::path& file, const RunOptions& options,
                         const SkipList& skips);

// Runs an already parsed script whose module files live in `dir`, in a fresh Store with
// the spectest module. The commands on the lines of `expected_failures` must fail (see
// skips.h). A tier that cannot compile code (the JIT until it lands) fails the file once.
void run_script(const Script& script, const std::filesystem::path& dir, const Features& features,
                const RunOptions& options, FileReport& report,
                const std::vector<const SkipRule*>& expected_failures = {});

}  // namespace shortcrust::spec
