// Converting .wast files with wabt's `wast2json`, run directly with posix_spawnp (no
// shell, so file names are never interpreted) into a private mkdtemp directory that
// {TempDir} removes when it goes out of scope.
#pragma once

#include <filesystem>
#include <string>

namespace shortcrust::spec {

// A fresh directory under $TMPDIR (or /tmp), removed with its contents on destruction.
class TempDir {
 public:
  TempDir();  // check ok(): mkdtemp can fail
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  bool ok() const { return !path_.empty(); }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

struct Conversion {
  bool ok = false;
  std::filesystem::path json;  // the script, when ok
  std::string message;         // why not, when !ok (includes wast2json's own output)
};

// Runs `wast2json [--enable-memory64] WAST -o DIR/NAME.json`. The program is
// $SHORTCRUST_WAST2JSON when set, else `wast2json` from PATH.
Conversion convert_wast(const std::filesystem::path& wast, const std::filesystem::path& out_dir,
                        bool memory64);

}  // namespace shortcrust::spec
