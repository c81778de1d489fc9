// A small strict JSON reader (RFC 8259) and writer for wast2json scripts and the
// `--json` reports. Numbers keep their literal text, because wast2json writes values as
// decimal strings but line numbers as numbers, and callers decide how to read them.
// Nesting is limited (kMaxJsonDepth) so hostile input cannot exhaust the native stack.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "shortcrust/result.h"

namespace shortcrust::spec {

inline constexpr uint32_t kMaxJsonDepth = 256;

struct JsonMember;

// One JSON value. Object members keep document order; duplicate keys are kept too and
// {find} returns the first, which is what every wast2json consumer expects.
struct JsonValue {
  enum class Kind : uint8_t { Null, Bool, Number, String, Array, Object };

  Kind kind = Kind::Null;
  bool boolean = false;              // Bool
  std::string text;                  // String: decoded UTF-8; Number: the literal
  std::vector<JsonValue> items;      // Array
  std::vector<JsonMember> members;   // Object

  bool is_string() const { return kind == Kind::String; }
  bool is_number() const { return kind == Kind::Number; }
  bool is_array() const { return kind == Kind::Array; }
  bool is_object() const { return kind == Kind::Object; }

  // The first member named `key`, or null (also when this is not an object).
  const JsonValue* find(std::string_view key) const;
  // A Number literal that is a non-negative integer fitting in 64 bits, else nullopt.
  std::optional<uint64_t> as_u64() const;
};

struct JsonMember {
  std::string key;
  JsonValue value;
};

// Parses one JSON document (surrounding whitespace allowed). Errors are
// Errc::MalformedJson with the byte offset of the problem and a static detail.
Result<JsonValue> parse_json(std::string_view text);

// `s` as a JSON string literal, quotes included. Bytes that are not valid UTF-8 are
// written as \u00XX so the output is always valid JSON.
std::string json_quote(std::string_view s);

// Builds compact JSON text. Callers nest begin/end calls properly; inside an object
// every value is preceded by key().
class JsonWriter {
 public:
  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();
  JsonWriter& key(std::string_view name);
  JsonWriter& string(std::string_view value);
  JsonWriter& number(uint64_t value);
  JsonWriter& boolean(bool value);
  JsonWriter& null();

  const std::string& str() const { return out_; }

 private:
  void before_value();

  std::string out_;
  std::vector<bool> first_;   // per open container: no element written yet
  bool after_key_ = false;
};

}  // namespace shortcrust::spec
