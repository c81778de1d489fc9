// The strict JSON parser and writer of json.h. The parser is recursive descent with an
// explicit depth budget; every error carries the byte offset where parsing stopped.
#include "spec-tests/json.h"

#include <charconv>

namespace shortcrust::spec {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void append_utf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xc0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xe0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else {
    out += static_cast<char>(0xf0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3f));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  }
}

// Length of the well-formed UTF-8 sequence at s[i] (RFC 3629: no overlongs, no
// surrogates, nothing above U+10FFFF), or 0 if it is not well formed.
size_t utf8_sequence_length(std::string_view s, size_t i) {
  const auto byte = [&](size_t k) { return static_cast<uint8_t>(s[k]); };
  const uint8_t b0 = byte(i);
  if (b0 < 0x80) return 1;
  size_t len = 0;
  uint8_t lo = 0x80, hi = 0xbf;  // allowed range of the second byte
  if (b0 >= 0xc2 && b0 <= 0xdf) {
    len = 2;
  } else if (b0 >= 0xe0 && b0 <= 0xef) {
    len = 3;
    if (b0 == 0xe0) lo = 0xa0;
    if (b0 == 0xed) hi = 0x9f;
  } else if (b0 >= 0xf0 && b0 <= 0xf4) {
    len = 4;
    if (b0 == 0xf0) lo = 0x90;
    if (b0 == 0xf4) hi = 0x8f;
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  if (byte(i + 1) < lo || byte(i + 1) > hi) return 0;
  for (size_t k = 2; k < len; ++k) {
    if (byte(i + k) < 0x80 || byte(i + k) > 0xbf) return 0;
  }
  return len;
}

class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) {}

  Result<JsonValue> document() {
    JsonValue value;
    skip_whitespace();
    SC_TRY_VOID(parse_value(value, 0));
    skip_whitespace();
    if (pos_ != text_.size()) return fail("unexpected content after the value");
    return value;
  }

 private:
  Error fail(const char* detail) const { return Error{Errc::MalformedJson, pos_, kNoFunction, detail}; }

  bool at_end() const { return pos_ >= text_.size(); }
  char peek() const { return text_[pos_]; }

  void skip_whitespace() {
    while (!at_end() && (peek() == ' ' || peek() == '\t' || peek() == '\n' || peek() == '\r')) ++pos_;
  }

  Result<void> expect_word(std::string_view word) {
    if (text_.substr(pos_, word.size()) != word) return fail("invalid literal");
    pos_ += word.size();
    return ok();
  }

  Result<void> parse_value(JsonValue& out, uint32_t depth) {
    if (at_end()) return fail("unexpected end of input");
    switch (peek()) {
      case '{': return parse_object(out, depth + 1);
      case '[': return parse_array(out, depth + 1);
      case '"':
        out.kind = JsonValue::Kind::String;
        return parse_string(out.text);
      case 't':
        out.kind = JsonValue::Kind::Bool;
        out.boolean = true;
        return expect_word("true");
      case 'f':
        out.kind = JsonValue::Kind::Bool;
        return expect_word("false");
      case 'n':
        out.kind = JsonValue::Kind::Null;
        return expect_word("null");
      default:
        if (peek() == '-' || is_digit(peek())) return parse_number(out);
        return fail("expected a value");
    }
  }

  Result<void> parse_object(JsonValue& out, uint32_t depth) {
    if (depth > kMaxJsonDepth) return fail("nesting too deep");
    out.kind = JsonValue::Kind::Object;
    ++pos_;  // '{'
    skip_whitespace();
    if (!at_end() && peek() == '}') {
      ++pos_;
      return ok();
    }
    while (true) {
      skip_whitespace();
      if (at_end() || peek() != '"') return fail("expected a member name");
      JsonMember member;
      SC_TRY_VOID(parse_string(member.key));
      skip_whitespace();
      if (at_end() || peek() != ':') return fail("expected ':'");
      ++pos_;
      skip_whitespace();
      SC_TRY_VOID(parse_value(member.value, depth));
      out.members.push_back(std::move(member));
      skip_whitespace();
      if (at_end()) return fail("unexpected end of input");
      if (peek() == '}') {
        ++pos_;
        return ok();
      }
      if (peek() != ',') return fail("expected ',' or '}'");
      ++pos_;
    }
  }

  Result<void> parse_array(JsonValue& out, uint32_t depth) {
    if (depth > kMaxJsonDepth) return fail("nesting too deep");
    out.kind = JsonValue::Kind::Array;
    ++pos_;  // '['
    skip_whitespace();
    if (!at_end() && peek() == ']') {
      ++pos_;
      return ok();
    }
    while (true) {
      skip_whitespace();
      JsonValue item;
      SC_TRY_VOID(parse_value(item, depth));
      out.items.push_back(std::move(item));
      skip_whitespace();
      if (at_end()) return fail("unexpected end of input");
      if (peek() == ']') {
        ++pos_;
        return ok();
      }
      if (peek() != ',') return fail("expected ',' or ']'");
      ++pos_;
    }
  }

  // -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?  (RFC 8259 section 6)
  Result<void> parse_number(JsonValue& out) {
    const size_t start = pos_;
    if (peek() == '-') ++pos_;
    if (at_end() || !is_digit(peek())) return fail("expected a digit");
    if (peek() == '0') {
      ++pos_;
      if (!at_end() && is_digit(peek())) return fail("leading zero in a number");
    } else {
      while (!at_end() && is_digit(peek())) ++pos_;
    }
    if (!at_end() && peek() == '.') {
      ++pos_;
      if (at_end() || !is_digit(peek())) return fail("expected a digit after '.'");
      while (!at_end() && is_digit(peek())) ++pos_;
    }
    if (!at_end() && (peek() == 'e' || peek() == 'E')) {
      ++pos_;
      if (!at_end() && (peek() == '+' || peek() == '-')) ++pos_;
      if (at_end() || !is_digit(peek())) return fail("expected a digit in the exponent");
      while (!at_end() && is_digit(peek())) ++pos_;
    }
    out.kind = JsonValue::Kind::Number;
    out.text = std::string(text_.substr(start, pos_ - start));
    return ok();
  }

  Result<uint32_t> parse_hex4() {
    if (text_.size() - pos_ < 4) return fail("truncated \\u escape");
    uint32_t value = 0;
    for (int i = 0; i < 4; ++i) {
      const int digit = hex_value(text_[pos_]);
      if (digit < 0) return fail("invalid hex digit in \\u escape");
      value = value * 16 + static_cast<uint32_t>(digit);
      ++pos_;
    }
    return value;
  }

  // After "\u": one code unit, or a surrogate pair written as two escapes.
  Result<void> parse_unicode_escape(std::string& out) {
    SC_TRY(uint32_t unit, parse_hex4());
    if (unit >= 0xdc00 && unit <= 0xdfff) return fail("unpaired low surrogate");
    if (unit >= 0xd800 && unit <= 0xdbff) {
      if (text_.substr(pos_, 2) != "\\u") return fail("unpaired high surrogate");
      pos_ += 2;
      SC_TRY(uint32_t low, parse_hex4());
      if (low < 0xdc00 || low > 0xdfff) return fail("unpaired high surrogate");
      unit = 0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00);
    }
    append_utf8(out, unit);
    return ok();
  }

  Result<void> parse_string(std::string& out) {
    ++pos_;  // opening quote
    while (true) {
      if (at_end()) return fail("unterminated string");
      const char c = peek();
      if (c == '"') {
        ++pos_;
        return ok();
      }
      if (static_cast<uint8_t>(c) < 0x20) return fail("control character in string");
      if (c == '\\') {
        ++pos_;
        if (at_end()) return fail("unterminated string");
        const char e = peek();
        ++pos_;
        switch (e) {
          case '"': out += '"'; break;
          case '\\': out += '\\'; break;
          case '/': out += '/'; break;
          case 'b': out += '\b'; break;
          case 'f': out += '\f'; break;
          case 'n': out += '\n'; break;
          case 'r': out += '\r'; break;
          case 't': out += '\t'; break;
          case 'u': SC_TRY_VOID(parse_unicode_escape(out)); break;
          default:
            --pos_;
            return fail("invalid escape");
        }
        continue;
      }
      const size_t len = utf8_sequence_length(text_, pos_);
      if (len == 0) return fail("invalid UTF-8 in string");
      out.append(text_.substr(pos_, len));
      pos_ += len;
    }
  }

  std::string_view text_;
  size_t pos_ = 0;
};

}  // namespace

const JsonValue* JsonValue::find(std::string_view key) const {
  for (const JsonMember& m : members) {
    if (m.key == key) return &m.value;
  }
  return nullptr;
}

std::optional<uint64_t> JsonValue::as_u64() const {
  if (kind != Kind::Number || text.empty()) return std::nullopt;
  uint64_t value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || ptr != end) return std::nullopt;
  return value;
}

Result<JsonValue> parse_json(std::string_view text) { return Parser(text).document(); }

std::string json_quote(std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "\"";
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<uint8_t>(s[i]);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c < 0x20) {
      out += "\\u00";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    } else if (c >= 0x80) {
      const size_t len = utf8_sequence_length(s, i);
      if (len == 0) {  // not UTF-8: keep the byte visible, stay valid JSON
        out += "\\u00";
        out += kHex[c >> 4];
        out += kHex[c & 15];
      } else {
        out.append(s.substr(i, len));
        i += len;
        continue;
      }
    } else {
      out += static_cast<char>(c);
    }
    ++i;
  }
  out += '"';
  return out;
}

void JsonWriter::before_value() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (!first_.empty()) {
    if (!first_.back()) out_ += ',';
    first_.back() = false;
  }
}

JsonWriter& JsonWriter::begin_object() {
  before_value();
  out_ += '{';
  first_.push_back(true);
  return *this;
}

JsonWriter& JsonWriter::end_object() {
  out_ += '}';
  first_.pop_back();
  return *this;
}

JsonWriter& JsonWriter::begin_array() {
  before_value();
  out_ += '[';
  first_.push_back(true);
  return *this;
}

JsonWriter& JsonWriter::end_array() {
  out_ += ']';
  first_.pop_back();
  return *this;
}

JsonWriter& JsonWriter::key(std::string_view name) {
  before_value();
  out_ += json_quote(name);
  out_ += ':';
  after_key_ = true;
  return *this;
}

JsonWriter& JsonWriter::string(std::string_view value) {
  before_value();
  out_ += json_quote(value);
  return *this;
}

JsonWriter& JsonWriter::number(uint64_t value) {
  before_value();
  out_ += std::to_string(value);
  return *this;
}

JsonWriter& JsonWriter::boolean(bool value) {
  before_value();
  out_ += value ? "true" : "false";
  return *this;
}

JsonWriter& JsonWriter::null() {
  before_value();
  out_ += "null";
  return *this;
}

}  // namespace shortcrust::spec
