// Skip manifest parsing and matching, and counting the commands of a skipped .wast
// file without running wast2json on it (SIMD files are large and need no conversion
// just to be counted; a file wast2json cannot read is still counted).
#include "spec-tests/skips.h"

namespace shortcrust::spec {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

// Splits "glob:123" into the glob and the line; a pattern without a numeric suffix is
// a whole-file glob.
void split_line_suffix(std::string_view token, SkipRule& rule) {
  const size_t colon = token.rfind(':');
  if (colon != std::string_view::npos && colon + 1 < token.size()) {
    uint32_t number = 0;
    bool digits = true;
    for (char c : token.substr(colon + 1)) {
      if (c < '0' || c > '9' || number > 100'000'000) digits = false;
      else number = number * 10 + static_cast<uint32_t>(c - '0');
    }
    if (digits && number != 0) {
      rule.pattern = std::string(token.substr(0, colon));
      rule.command_line = number;
      return;
    }
  }
  rule.pattern = std::string(token);
}

}  // namespace

#ifndef SHORTCRUST_SPEC_SKIPS_FILE
#define SHORTCRUST_SPEC_SKIPS_FILE "spec-tests/skips.txt"  // built outside CMake: relative to the tree
#endif

const char* default_skips_file() { return SHORTCRUST_SPEC_SKIPS_FILE; }

Result<SkipList> SkipList::parse(std::string_view text) {
  SkipList list;
  uint32_t line_number = 0;
  while (!text.empty()) {
    ++line_number;
    const size_t newline = text.find('\n');
    std::string_view line = text.substr(0, newline);
    text = newline == std::string_view::npos ? std::string_view{} : text.substr(newline + 1);
    if (const size_t hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
    line = trim(line);
    if (line.empty()) continue;
    size_t split = 0;
    while (split < line.size() && !is_space(line[split])) ++split;
    SkipRule rule;
    rule.line = line_number;
    split_line_suffix(line.substr(0, split), rule);
    std::string_view reason = trim(line.substr(split));
    if (reason.starts_with("[memory64]")) {
      rule.memory64_only = true;
      reason = trim(reason.substr(10));
    }
    if (reason.empty()) {
      return Error{Errc::BadArgument, line_number, kNoFunction, "skip entry needs a reason"};
    }
    rule.reason = std::string(reason);
    list.rules_.push_back(std::move(rule));
  }
  return list;
}

const SkipRule* SkipList::match(std::string_view path, bool memory64) const {
  for (const SkipRule& rule : rules_) {
    if (rule.command_line != 0 || (rule.memory64_only && !memory64)) continue;
    if (path_match(rule.pattern, path)) return &rule;
  }
  return nullptr;
}

std::vector<const SkipRule*> SkipList::command_rules(std::string_view path, bool memory64) const {
  std::vector<const SkipRule*> found;
  for (const SkipRule& rule : rules_) {
    if (rule.command_line == 0 || (rule.memory64_only && !memory64)) continue;
    if (path_match(rule.pattern, path)) found.push_back(&rule);
  }
  return found;
}

bool path_match(std::string_view pattern, std::string_view path) {
  size_t components = 1;
  for (char c : pattern) components += c == '/' ? 1 : 0;
  // Keep the last `components` components of the path.
  size_t start = path.size();
  while (components > 0 && start != std::string_view::npos) {
    start = start == 0 ? std::string_view::npos : path.rfind('/', start - 1);
    --components;
  }
  const std::string_view tail = start == std::string_view::npos ? path : path.substr(start + 1);
  return components == 0 && glob_match(pattern, tail);
}

// Iterative matching with one backtrack point (the last `*`): linear in practice and
// never exponential, whatever the pattern.
bool glob_match(std::string_view pattern, std::string_view name) {
  size_t p = 0, n = 0;
  size_t star = std::string_view::npos, star_n = 0;
  while (n < name.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == name[n])) {
      ++p;
      ++n;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      star_n = n;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      n = ++star_n;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

Result<uint64_t> count_wast_commands(std::string_view text) {
  uint64_t count = 0;
  uint64_t depth = 0;
  size_t last_open = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == ';' && i + 1 < text.size() && text[i + 1] == ';') {  // line comment
      while (i < text.size() && text[i] != '\n') ++i;
    } else if (c == '(' && i + 1 < text.size() && text[i + 1] == ';') {  // block comment, nests
      uint64_t nesting = 0;
      for (; i + 1 < text.size(); ++i) {
        if (text[i] == '(' && text[i + 1] == ';') {
          ++nesting;
          ++i;
        } else if (text[i] == ';' && text[i + 1] == ')') {
          ++i;
          if (--nesting == 0) break;
        }
      }
      if (nesting != 0) return Error{Errc::BadArgument, text.size(), kNoFunction, "unterminated block comment"};
    } else if (c == '"') {
      for (++i; i < text.size() && text[i] != '"'; ++i) {
        if (text[i] == '\\') ++i;
      }
      if (i >= text.size()) return Error{Errc::BadArgument, text.size(), kNoFunction, "unterminated string"};
    } else if (c == '(') {
      if (depth == 0) {
        ++count;
        last_open = i;
      }
      ++depth;
    } else if (c == ')') {
      if (depth == 0) return Error{Errc::BadArgument, i, kNoFunction, "unbalanced ')'"};
      --depth;
    }
  }
  if (depth != 0) return Error{Errc::BadArgument, last_open, kNoFunction, "unbalanced '('"};
  return count;
}

}  // namespace shortcrust::spec
