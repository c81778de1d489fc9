// Tests for spec-tests/skips.h: manifest parsing, glob matching, counting .wast commands.
#include "spec-tests/skips.h"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

namespace shortcrust::spec {
namespace {

TEST(Glob, Matches) {
  EXPECT_TRUE(glob_match("simd_*.wast", "simd_address.wast"));
  EXPECT_TRUE(glob_match("simd_*.wast", "simd_.wast"));
  EXPECT_FALSE(glob_match("simd_*.wast", "simd_address.json"));
  EXPECT_FALSE(glob_match("simd_*.wast", "my_simd_x.wast"));
  EXPECT_TRUE(glob_match("*", ""));
  EXPECT_TRUE(glob_match("a?c", "abc"));
  EXPECT_FALSE(glob_match("a?c", "ac"));
  EXPECT_TRUE(glob_match("*a*b*", "xxaxxbxx"));
  EXPECT_FALSE(glob_match("*a*b", "xxbxxa"));
  EXPECT_TRUE(glob_match("exact.wast", "exact.wast"));
  EXPECT_FALSE(glob_match("exact.wast", "exact.wast2"));
  // Many stars against a long non-match stays fast (no exponential backtracking).
  EXPECT_FALSE(glob_match("*a*a*a*a*a*a*a*a*b", std::string(10'000, 'a')));
}

TEST(SkipList, ParsesEntriesAndComments) {
  Result<SkipList> list = SkipList::parse(
      "# header\n"
      "\n"
      "simd_*.wast    SIMD is not implemented yet (unsupported feature: simd)\n"
      "  names.wast\tneeds the text format   # trailing comment\r\n");
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list.value().rules().size(), 2u);
  const SkipRule* rule = list.value().match("simd_lane.wast");
  ASSERT_NE(rule, nullptr);
  EXPECT_EQ(rule->reason, "SIMD is not implemented yet (unsupported feature: simd)");
  EXPECT_EQ(rule->line, 3u);
  rule = list.value().match("names.wast");
  ASSERT_NE(rule, nullptr);
  EXPECT_EQ(rule->reason, "needs the text format");
  EXPECT_EQ(list.value().match("i32.wast"), nullptr);
}

TEST(Glob, PathMatch) {
  EXPECT_TRUE(path_match("binary.wast", "/suite/core/binary.wast"));
  EXPECT_TRUE(path_match("core/binary.wast", "/suite/core/binary.wast"));
  EXPECT_TRUE(path_match("core/binary.wast", "core/binary.wast"));
  EXPECT_FALSE(path_match("core/binary.wast", "/suite/proposals/memory64/binary.wast"));
  EXPECT_FALSE(path_match("core/binary.wast", "binary.wast"));
  EXPECT_TRUE(path_match("simd_*.wast", "simd_lane.wast"));
  EXPECT_TRUE(path_match("*/simd_*.wast", "/x/memory64/simd_address.wast"));
}

TEST(SkipList, LineEntriesAndMemory64Condition) {
  Result<SkipList> list = SkipList::parse(
      "core/binary.wast:483  [memory64] u64 offsets\n"
      "names.wast:12  not yet\n"
      "big_*.wast  [memory64] too large\n"
      "odd:name.wast  colon without a line number is part of the glob\n");
  ASSERT_TRUE(list.ok());
  const auto& rules = list.value().rules();
  ASSERT_EQ(rules.size(), 4u);
  EXPECT_EQ(rules[0].pattern, "core/binary.wast");
  EXPECT_EQ(rules[0].command_line, 483u);
  EXPECT_TRUE(rules[0].memory64_only);
  EXPECT_EQ(rules[0].reason, "u64 offsets");
  EXPECT_EQ(rules[3].pattern, "odd:name.wast");
  EXPECT_EQ(rules[3].command_line, 0u);

  // Line entries never skip whole files.
  EXPECT_EQ(list.value().match("/s/core/binary.wast", true), nullptr);
  EXPECT_EQ(list.value().command_rules("/s/core/binary.wast", true).size(), 1u);
  EXPECT_EQ(list.value().command_rules("/s/core/binary.wast", false).size(), 0u);
  EXPECT_EQ(list.value().command_rules("/s/memory64/binary.wast", true).size(), 0u);
  EXPECT_EQ(list.value().command_rules("names.wast", false).size(), 1u);
  // [memory64] whole-file entries apply only with memory64.
  EXPECT_EQ(list.value().match("big_x.wast", false), nullptr);
  EXPECT_NE(list.value().match("big_x.wast", true), nullptr);
}

TEST(SkipList, EntryWithoutReasonIsAnError) {
  Result<SkipList> list = SkipList::parse("a.wast reason\nb.wast\n");
  ASSERT_FALSE(list.ok());
  EXPECT_EQ(list.error().code, Errc::BadArgument);
  EXPECT_EQ(list.error().offset, 2u);  // the line number
  EXPECT_FALSE(SkipList::parse("a.wast [memory64]\n").ok());
}

TEST(SkipList, ShippedManifestSkipsSimd) {
  std::ifstream in(default_skips_file());
  ASSERT_TRUE(in) << default_skips_file();
  const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  Result<SkipList> list = SkipList::parse(text);
  ASSERT_TRUE(list.ok());
  const SkipRule* rule = list.value().match("simd_address.wast");
  ASSERT_NE(rule, nullptr);
  EXPECT_EQ(rule->reason, "SIMD is not implemented yet (unsupported feature: simd)");
  EXPECT_EQ(list.value().match("address.wast"), nullptr);
}

TEST(CountWastCommands, CountsTopLevelForms) {
  const char* text =
      ";; a comment with (parens\n"
      "(module (func (export \"f\") (result i32) (i32.const 1)))\n"
      "(; block (; nested ;) comment ( ;)\n"
      "(assert_return (invoke \"f\") (i32.const 1))\n"
      "(assert_malformed (module quote \"(func ) \\\" (\") \"unexpected token\")\n"
      "(register \"M\")\n";
  Result<uint64_t> count = count_wast_commands(text);
  ASSERT_TRUE(count.ok()) << describe(count.error());
  EXPECT_EQ(count.value(), 4u);
}

TEST(CountWastCommands, ReportsImbalance) {
  EXPECT_FALSE(count_wast_commands("(module").ok());
  EXPECT_EQ(count_wast_commands("(module))").error().offset, 8u);
  EXPECT_FALSE(count_wast_commands("(module \"abc)").ok());
  EXPECT_FALSE(count_wast_commands("(; open").ok());
}

}  // namespace
}  // namespace shortcrust::spec
