// Runs a subcommand in-process with its stdout and stderr captured, for the CLI tests.
#pragma once

#include <cstdio>
#include <string>

namespace shortcrust::cli {

struct RunOutput {
  int status = -1;
  std::string out, err;
};

// Reads everything written to a tmpfile(), and closes it.
inline std::string contents(std::FILE* file) {
  std::string out;
  std::rewind(file);
  char buf[4096];
  size_t n = 0;
  while ((n = std::fread(buf, 1, sizeof buf, file)) > 0) out.append(buf, n);
  std::fclose(file);
  return out;
}

// `command(out, err)` returns the exit status; what it prints is captured.
template <class Command>
RunOutput capture(Command command) {
  std::FILE* out = std::tmpfile();
  std::FILE* err = std::tmpfile();
  RunOutput result;
  result.status = command(out, err);
  result.out = contents(out);
  result.err = contents(err);
  return result;
}

}  // namespace shortcrust::cli
