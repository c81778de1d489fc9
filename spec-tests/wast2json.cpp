// posix_spawn-based wast2json invocation. wast2json's stdout and stderr go to a log file
// in the output directory, read back only when the conversion fails.
#include "spec-tests/wast2json.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <system_error>
#include <vector>

extern char** environ;

namespace shortcrust::spec {
namespace fs = std::filesystem;

TempDir::TempDir() {
  const char* base = std::getenv("TMPDIR");
  std::string pattern = (base != nullptr && base[0] != 0 ? std::string(base) : std::string("/tmp")) +
                        "/shortcrust-wast-XXXXXX";
  std::vector<char> buffer(pattern.begin(), pattern.end());
  buffer.push_back('\0');
  if (mkdtemp(buffer.data()) != nullptr) path_ = buffer.data();
}

TempDir::~TempDir() {
  if (path_.empty()) return;
  std::error_code ec;  // best effort: a leftover temp directory is not worth failing for
  fs::remove_all(path_, ec);
}

namespace {

std::string read_log(const fs::path& log) {
  std::ifstream in(log, std::ios::binary);
  std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  constexpr size_t kMaxLog = 2000;  // enough to see the first errors
  if (text.size() > kMaxLog) text = text.substr(0, kMaxLog) + "...";
  return text;
}

}  // namespace

Conversion convert_wast(const fs::path& wast, const fs::path& out_dir, bool memory64) {
  Conversion result;
  const char* override_program = std::getenv("SHORTCRUST_WAST2JSON");
  const std::string program =
      override_program != nullptr && override_program[0] != 0 ? override_program : "wast2json";
  const fs::path json = out_dir / (wast.stem().string() + ".json");
  const fs::path log = out_dir / "wast2json.log";

  std::vector<std::string> args = {program};
  if (memory64) args.push_back("--enable-memory64");
  args.push_back(wast.string());
  args.push_back("-o");
  args.push_back(json.string());
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  pid_t pid = 0;
  const int spawn_error = posix_spawnp(&pid, program.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawn_error != 0) {
    result.message = "cannot run " + program + ": " + std::strerror(spawn_error) +
                     (spawn_error == ENOENT ? " (install wabt, or set SHORTCRUST_WAST2JSON)" : "");
    return result;
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) {
      result.message = std::string("waiting for wast2json failed: ") + std::strerror(errno);
      return result;
    }
  }
  // POSIX lets posix_spawn report a failed exec as exit status 127 of the child instead of
  // an error (glibc under qemu-user does, since its vfork is a fork there).
  if (WIFEXITED(status) && WEXITSTATUS(status) == 127) {
    result.message = "cannot run " + program + " (exit status 127; install wabt, or set SHORTCRUST_WAST2JSON)";
    if (std::string output = read_log(log); !output.empty()) result.message += ":\n" + output;
    return result;
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    result.message = "wast2json failed";
    if (WIFEXITED(status)) result.message += " (exit status " + std::to_string(WEXITSTATUS(status)) + ")";
    else result.message += " (killed by a signal)";
    if (std::string output = read_log(log); !output.empty()) result.message += ":\n" + output;
    return result;
  }
  result.ok = true;
  result.json = json;
  return result;
}

}  // namespace shortcrust::spec
