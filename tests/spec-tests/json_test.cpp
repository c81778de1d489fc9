// Tests for spec-tests/json.h: strict parsing, escapes, numbers, errors with offsets,
// the depth limit, and the writer.
#include "spec-tests/json.h"

#include <gtest/gtest.h>

#include <string>

namespace shortcrust::spec {
namespace {

JsonValue parse_ok(std::string_view text) {
  Result<JsonValue> r = parse_json(text);
  EXPECT_TRUE(r.ok()) << text << ": " << (r.ok() ? "" : describe(r.error()));
  return r.ok() ? std::move(r).value() : JsonValue{};
}

Error parse_error(std::string_view text) {
  Result<JsonValue> r = parse_json(text);
  EXPECT_FALSE(r.ok()) << text;
  return r.ok() ? Error{} : r.error();
}

TEST(Json, Scalars) {
  EXPECT_EQ(parse_ok("null").kind, JsonValue::Kind::Null);
  EXPECT_TRUE(parse_ok(" true ").boolean);
  EXPECT_EQ(parse_ok("false").kind, JsonValue::Kind::Bool);
  EXPECT_FALSE(parse_ok("false").boolean);
  EXPECT_EQ(parse_ok("\"hi\"").text, "hi");
}

TEST(Json, NumbersKeepTheirLiteral) {
  const JsonValue n = parse_ok("-12.5e+3");
  EXPECT_TRUE(n.is_number());
  EXPECT_EQ(n.text, "-12.5e+3");
  EXPECT_EQ(parse_ok("18446744073709551615").as_u64(), UINT64_MAX);
  EXPECT_EQ(parse_ok("18446744073709551616").as_u64(), std::nullopt);
  EXPECT_EQ(parse_ok("-1").as_u64(), std::nullopt);
  EXPECT_EQ(parse_ok("1.0").as_u64(), std::nullopt);
  EXPECT_EQ(parse_ok("0").as_u64(), 0u);
  EXPECT_EQ(parse_ok("\"5\"").as_u64(), std::nullopt);  // strings are not numbers
}

TEST(Json, RejectsMalformedNumbers) {
  for (const char* bad : {"01", "-", "1.", ".5", "1e", "+1", "0x10", "1.e5", "-01"}) {
    EXPECT_EQ(parse_error(bad).code, Errc::MalformedJson) << bad;
  }
}

TEST(Json, StringEscapes) {
  EXPECT_EQ(parse_ok(R"("a\"b\\c\/d\b\f\n\r\t")").text, "a\"b\\c/d\b\f\n\r\t");
  EXPECT_EQ(parse_ok(R"("\u0041\u00e9\u20ac")").text, "A\xc3\xa9\xe2\x82\xac");
  EXPECT_EQ(parse_ok(R"("\ud83d\ude00")").text, "\xf0\x9f\x98\x80");  // surrogate pair
  EXPECT_EQ(parse_ok(R"("\u0000")").text, std::string(1, '\0'));
  EXPECT_EQ(parse_ok("\"caf\xc3\xa9\"").text, "caf\xc3\xa9");  // raw UTF-8
}

TEST(Json, RejectsBadStrings) {
  EXPECT_EQ(parse_error(R"("\ud83d")").offset, 7u);        // lone high surrogate
  EXPECT_EQ(parse_error(R"("\ude00")").code, Errc::MalformedJson);
  EXPECT_EQ(parse_error(R"("\ud83d\u0041")").code, Errc::MalformedJson);
  EXPECT_EQ(parse_error(R"("\x")").offset, 2u);
  EXPECT_EQ(parse_error(R"("\u12g4")").offset, 5u);
  EXPECT_EQ(parse_error("\"a\nb\"").offset, 2u);           // raw control character
  EXPECT_EQ(parse_error("\"abc").offset, 4u);              // unterminated
  EXPECT_EQ(parse_error("\"\xff\"").offset, 1u);           // not UTF-8
  EXPECT_EQ(parse_error("\"\xc0\xaf\"").offset, 1u);       // overlong
  EXPECT_EQ(parse_error("\"\xed\xa0\x80\"").offset, 1u);   // encoded surrogate
}

TEST(Json, ObjectsAndArrays) {
  const JsonValue v = parse_ok(R"( {"a": [1, "x", {"b": null}], "c": {}, "a": 2, "d": []} )");
  ASSERT_TRUE(v.is_object());
  ASSERT_EQ(v.members.size(), 4u);
  const JsonValue* a = v.find("a");
  ASSERT_NE(a, nullptr);
  ASSERT_TRUE(a->is_array());  // the first of duplicate keys
  ASSERT_EQ(a->items.size(), 3u);
  EXPECT_EQ(a->items[0].as_u64(), 1u);
  EXPECT_EQ(a->items[1].text, "x");
  EXPECT_NE(a->items[2].find("b"), nullptr);
  EXPECT_EQ(v.find("missing"), nullptr);
  EXPECT_TRUE(v.find("c")->is_object());
  EXPECT_TRUE(v.find("d")->items.empty());
}

TEST(Json, RejectsStructuralErrors) {
  EXPECT_EQ(parse_error("").offset, 0u);
  EXPECT_EQ(parse_error("[1,]").offset, 3u);
  EXPECT_EQ(parse_error("{\"a\":1,}").offset, 7u);
  EXPECT_EQ(parse_error("{\"a\" 1}").offset, 5u);
  EXPECT_EQ(parse_error("{1:2}").offset, 1u);
  EXPECT_EQ(parse_error("[1 2]").offset, 3u);
  EXPECT_EQ(parse_error("[1").offset, 2u);
  EXPECT_EQ(parse_error("1 2").offset, 2u);
  EXPECT_EQ(parse_error("tru").offset, 0u);
  EXPECT_EQ(parse_error("nul").code, Errc::MalformedJson);
  EXPECT_EQ(parse_error("'a'").offset, 0u);
}

TEST(Json, DepthLimit) {
  const std::string ok_depth = std::string(kMaxJsonDepth, '[') + std::string(kMaxJsonDepth, ']');
  EXPECT_TRUE(parse_json(ok_depth).ok());
  const std::string too_deep = std::string(kMaxJsonDepth + 1, '[') + std::string(kMaxJsonDepth + 1, ']');
  EXPECT_EQ(parse_error(too_deep).offset, kMaxJsonDepth);
  // Far deeper than any native stack would survive without the limit.
  const std::string hostile(1'000'000, '[');
  EXPECT_EQ(parse_error(hostile).code, Errc::MalformedJson);
  const std::string objects = [] {
    std::string s;
    for (int i = 0; i < 10'000; ++i) s += "{\"a\":";
    return s;
  }();
  EXPECT_EQ(parse_error(objects).code, Errc::MalformedJson);
}

TEST(Json, QuoteEscapes) {
  EXPECT_EQ(json_quote("a\"b\\c\n\x01"), "\"a\\\"b\\\\c\\n\\u0001\"");
  EXPECT_EQ(json_quote("caf\xc3\xa9"), "\"caf\xc3\xa9\"");
  EXPECT_EQ(json_quote("\xff"), "\"\\u00ff\"");  // not UTF-8: still valid JSON
}

TEST(Json, WriterRoundTrips) {
  JsonWriter w;
  w.begin_object().key("n").number(42).key("s").string("x\"y").key("list").begin_array();
  w.boolean(true).null().begin_object().end_object().begin_array().end_array().end_array();
  w.end_object();
  EXPECT_EQ(w.str(), R"({"n":42,"s":"x\"y","list":[true,null,{},[]]})");
  const JsonValue back = parse_ok(w.str());
  EXPECT_EQ(back.find("s")->text, "x\"y");
  EXPECT_EQ(back.find("list")->items.size(), 4u);
}

}  // namespace
}  // namespace shortcrust::spec
