// decode_module(): header, section order and sizes, every section's fields, error codes
// and offsets, limits, and robustness against truncated and lying inputs.
#include "decoder/module.h"

#include <gtest/gtest.h>


#include "support/wasm_bytes.h"

namespace shortcrust::decoder {
namespace {

using test::Bytes;
using test::cat;
using test::leb_u;
using test::module;
using test::section;
using test::vec;

constexpr uint64_t kHeader = 8;  // magic + version: where the first section starts

Result<Module> decode(const Bytes& b, const Features& f = {}, const Limits& l = {}) {
  return decode_module(b, f, l);
}

// Asserts that decoding fails with `code` at `offset`.
void expect_error(const Bytes& b, Errc code, uint64_t offset, const Features& f = {},
                  const Limits& l = {}) {
  auto r = decode(b, f, l);
  ASSERT_FALSE(r.ok()) << "decoded but expected " << message(code);
  EXPECT_EQ(r.error().code, code) << describe(r.error());
  EXPECT_EQ(r.error().offset, offset) << describe(r.error());
}

const Bytes kEnd = {0x0b};
Bytes i32_const(int32_t v) { return cat({Bytes{0x41}, test::leb_s(v), kEnd}); }

// ---- Header and section structure -------------------------------------------------

TEST(ModuleDecoder, EmptyModule) {
  auto r = decode(module({}));
  ASSERT_TRUE(r.ok()) << describe(r.error());
  EXPECT_TRUE(r.value().types.empty());
  EXPECT_EQ(r.value().bytes.size(), 8u);
}

TEST(ModuleDecoder, BadMagicAndVersion) {
  expect_error({0x00, 0x61, 0x73, 0x6e, 0x01, 0, 0, 0}, Errc::BadMagic, 0);
  expect_error({0x00, 0x61, 0x73, 0x6d, 0x02, 0, 0, 0}, Errc::BadVersion, 4);
  expect_error({0x00, 0x61, 0x73}, Errc::UnexpectedEnd, 0);
  expect_error({0x00, 0x61, 0x73, 0x6d, 0x01}, Errc::UnexpectedEnd, 4);
  expect_error({}, Errc::UnexpectedEnd, 0);
}

TEST(ModuleDecoder, UnknownSectionId) {
  expect_error(module({section(13, {})}), Errc::UnknownSection, kHeader);
  expect_error(module({Bytes{0x80, 0x00}}), Errc::UnknownSection, kHeader);
}

TEST(ModuleDecoder, SectionOrder) {
  const Bytes types = section(1, vec({}));
  const Bytes imports = section(2, vec({}));
  expect_error(module({imports, types}), Errc::SectionOrder, kHeader + imports.size());
  expect_error(module({types, types}), Errc::SectionOrder, kHeader + types.size());
  // Data count (12) sits between element (9) and code (10).
  const Bytes elems = section(9, vec({}));
  const Bytes data_count = section(12, leb_u(0));
  const Bytes code = section(10, vec({}));
  EXPECT_TRUE(decode(module({elems, data_count, code})).ok());
  expect_error(module({code, data_count}), Errc::SectionOrder, kHeader + code.size());
  expect_error(module({data_count, elems}), Errc::SectionOrder, kHeader + data_count.size());
}

TEST(ModuleDecoder, CustomSectionsAnywhere) {
  const Bytes custom = section(0, test::name("x"));
  auto r = decode(module({custom, section(1, vec({})), custom, section(3, vec({})), custom}));
  ASSERT_TRUE(r.ok()) << describe(r.error());
  ASSERT_EQ(r.value().customs.size(), 3u);
  EXPECT_EQ(r.value().customs[0].name, "x");
  EXPECT_EQ(r.value().customs[0].content.offset, kHeader + 4);
  EXPECT_EQ(r.value().customs[0].content.size, 0u);
}

TEST(ModuleDecoder, SectionSizeMismatch) {
  // An empty type vector followed by a stray byte inside the section.
  expect_error(module({section(1, {0x00, 0x00})}), Errc::SectionSizeMismatch, kHeader);
  // Content running past the declared size is cut off by the section's reader.
  expect_error(module({Bytes{0x01, 0x02, 0x01, 0x60, 0x00, 0x00}}), Errc::UnexpectedEnd,
               kHeader + 4);
  // A count that cannot fit in the section fails at the count.
  expect_error(module({Bytes{0x01, 0x01, 0x01}, test::func_type({}, {})}), Errc::UnexpectedEnd,
               kHeader + 2);
}

TEST(ModuleDecoder, SectionLargerThanModule) {
  expect_error(module({Bytes{0x01, 0x0a, 0x00}}), Errc::SectionTooLarge, kHeader + 1);
  expect_error(module({Bytes{0x01}}), Errc::UnexpectedEnd, kHeader + 1);
}

// ---- Types and imports -------------------------------------------------------------

TEST(ModuleDecoder, TypeSection) {
  auto b = module({section(1, vec({test::func_type({test::kI32, test::kF64}, {test::kI64}),
                                   test::func_type({}, {})}))});
  auto r = decode(b);
  ASSERT_TRUE(r.ok()) << describe(r.error());
  const Module& m = r.value();
  ASSERT_EQ(m.types.size(), 2u);
  EXPECT_EQ(m.types[0].params, (std::vector<ValType>{ValType::I32, ValType::F64}));
  EXPECT_EQ(m.types[0].results, (std::vector<ValType>{ValType::I64}));
  EXPECT_TRUE(m.types[1].params.empty());
}

TEST(ModuleDecoder, MalformedFuncTypeAndValueType) {
  // section id 8, size 9, count 10, form 11.
  expect_error(module({section(1, vec({Bytes{0x61, 0x00, 0x00}}))}), Errc::MalformedFuncType,
               kHeader + 3);
  expect_error(module({section(1, vec({Bytes{0x60, 0x01, 0x40, 0x00}}))}),
               Errc::MalformedValueType, kHeader + 5);
}

TEST(ModuleDecoder, ImportsFillIndexSpaces) {
  auto b = module({section(
      2, vec({cat({test::name("env"), test::name("f"), Bytes{0x00}, leb_u(3)}),
              cat({test::name("env"), test::name("t"), Bytes{0x01, test::kFuncRef, 0x01, 1, 5}}),
              cat({test::name("env"), test::name("m"), Bytes{0x02, 0x00, 2}}),
              cat({test::name("env"), test::name("g"), Bytes{0x03, test::kI64, 0x01}})}))});
  auto r = decode(b);
  ASSERT_TRUE(r.ok()) << describe(r.error());
  const Module& m = r.value();
  ASSERT_EQ(m.imports.size(), 4u);
  EXPECT_EQ(m.imports[0].module, "env");
  EXPECT_EQ(m.imports[0].field, "f");
  EXPECT_EQ(m.imports[0].offset, kHeader + 3);
  EXPECT_EQ(m.imports[0].type_index, 3u);
  EXPECT_EQ(m.imports[1].kind, ExternKind::Table);
  EXPECT_EQ(m.function_types, (std::vector<uint32_t>{3}));
  EXPECT_EQ(m.imported_functions, 1u);
  EXPECT_EQ(m.imported_tables, 1u);
  EXPECT_EQ(m.imported_memories, 1u);
  EXPECT_EQ(m.imported_globals, 1u);
  ASSERT_EQ(m.table_count(), 1u);
  EXPECT_EQ(m.table_types[0].limits.min, 1u);
  EXPECT_EQ(m.table_types[0].limits.max, 5u);
  ASSERT_EQ(m.memory_count(), 1u);
  EXPECT_EQ(m.memory_types[0].limits.min, 2u);
  EXPECT_FALSE(m.memory_types[0].limits.max.has_value());
  ASSERT_EQ(m.global_count(), 1u);
  EXPECT_EQ(m.global_types[0].type, ValType::I64);
  EXPECT_TRUE(m.global_types[0].is_mutable);
}

TEST(ModuleDecoder, ImportErrors) {
  // count at 10, module name at 11-12, field name at 13-14, kind at 15.
  const Bytes names = cat({test::name("a"), test::name("b")});
  expect_error(module({section(2, vec({cat({names, Bytes{0x04}})}))}), Errc::MalformedImportKind,
               kHeader + 7);
  expect_error(module({section(2, vec({cat({names, Bytes{0x03, test::kI32, 0x02}})}))}),
               Errc::MalformedMutability, kHeader + 9);
  const Bytes bad_utf8 = cat({Bytes{0x01, 0xff}, test::name("b"), Bytes{0x00, 0}});
  expect_error(module({section(2, vec({bad_utf8}))}),
               Errc::InvalidUtf8, kHeader + 4);
  expect_error(module({section(2, vec({cat({Bytes{0x05, 'a'}})}))}), Errc::LengthOutOfBounds,
               kHeader + 4);
  expect_error(module({section(2, vec({cat({names, Bytes{0x01, 0x40, 0x00, 0x00}})}))}),
               Errc::MalformedRefType, kHeader + 8);
}

// ---- Functions, tables, memories, globals, exports, start, code ---------------------

TEST(ModuleDecoder, FunctionsAndCode) {
  const Bytes body0 = test::code_entry({{2, test::kI32}}, {0x01, 0x0b});
  const Bytes body1 = test::code_entry({}, {0x0b});
  const Bytes types = section(1, vec({test::func_type({}, {})}));
  const Bytes funcs = section(3, vec({leb_u(0), leb_u(0)}));
  auto b = module({types, funcs, section(10, vec({body0, body1}))});
  auto r = decode(b);
  ASSERT_TRUE(r.ok()) << describe(r.error());
  const Module& m = r.value();
  ASSERT_EQ(m.functions.size(), 2u);
  EXPECT_EQ(m.function_types, (std::vector<uint32_t>{0, 0}));
  const uint64_t code_content = kHeader + types.size() + funcs.size() + 2;
  EXPECT_EQ(m.functions[0].body.offset, code_content + 2);  // count, then the size byte
  EXPECT_EQ(m.functions[0].body.size, body0.size() - 1);
  EXPECT_EQ(m.functions[1].body.offset, code_content + 1 + body0.size() + 1);
  EXPECT_EQ(m.functions[1].body.size, 2u);
  EXPECT_EQ(m.slice(m.functions[1].body)[1], 0x0b);
}

TEST(ModuleDecoder, FunctionCodeCountMismatch) {
  const Bytes funcs = section(3, vec({leb_u(0)}));
  const Bytes entry = test::code_entry({}, {0x0b});
  const Bytes code2 = section(10, vec({entry, entry}));
  expect_error(module({funcs, code2}), Errc::FunctionCountMismatch, kHeader + funcs.size() + 2);
  // Code without a function section, and a function section without code.
  expect_error(module({code2}), Errc::FunctionCountMismatch, kHeader + 2);
  const Bytes b = module({funcs});
  expect_error(b, Errc::FunctionCountMismatch, b.size());
  // Both absent, or both empty, is fine.
  EXPECT_TRUE(decode(module({section(3, vec({})), section(10, vec({}))})).ok());
  EXPECT_TRUE(decode(module({section(3, vec({}))})).ok());
}

TEST(ModuleDecoder, TablesMemoriesGlobalsExportsStart) {
  auto b = module({
      section(4, vec({Bytes{test::kExternRef, 0x00, 3}})),
      section(5, vec({Bytes{0x01, 1, 2}})),
      section(6, vec({cat({Bytes{test::kI32, 0x00}, i32_const(7)})})),
      section(7, vec({cat({test::name("mem"), Bytes{0x02, 0x00}})})),
      section(8, leb_u(5)),
  });
  auto r = decode(b);
  ASSERT_TRUE(r.ok()) << describe(r.error());
  const Module& m = r.value();
  ASSERT_EQ(m.table_types.size(), 1u);
  EXPECT_EQ(m.table_types[0].elem, ValType::ExternRef);
  EXPECT_EQ(m.table_types[0].limits.min, 3u);
  ASSERT_EQ(m.memory_types.size(), 1u);
  EXPECT_EQ(m.memory_types[0].limits.max, 2u);
  EXPECT_FALSE(m.memory_types[0].limits.is64);
  ASSERT_EQ(m.globals.size(), 1u);
  EXPECT_EQ(m.global_types.size(), 1u);
  EXPECT_EQ(m.globals[0].init.kind, ConstExpr::Kind::Unchecked);
  EXPECT_EQ(m.globals[0].init.bytes.size, 3u);
  EXPECT_EQ(m.slice(m.globals[0].init.bytes)[0], 0x41);
  ASSERT_EQ(m.exports.size(), 1u);
  EXPECT_EQ(m.exports[0].name, "mem");
  EXPECT_EQ(m.exports[0].kind, ExternKind::Memory);
  EXPECT_EQ(m.start, 5u);
}

TEST(ModuleDecoder, ExportKindAndTruncatedExport) {
  expect_error(module({section(7, vec({cat({test::name("x"), Bytes{0x04, 0x00}})}))}),
               Errc::MalformedExportKind, kHeader + 5);
  expect_error(module({section(7, cat({leb_u(2), test::name("x"), Bytes{0x00, 0x00}}))}),
               Errc::UnexpectedEnd, kHeader + 7);
}

// ---- Limits ------------------------------------------------------------------------

TEST(ModuleDecoder, LimitsFlags) {
  // section 8, size 9, count 10, ref type 11, flags 12 for tables; flags 11 for memories.
  expect_error(module({section(4, vec({Bytes{test::kFuncRef, 0x02, 0x00}}))}),
               Errc::MalformedLimitsFlags, kHeader + 4);
  expect_error(module({section(4, vec({Bytes{test::kFuncRef, 0x04, 0x00}}))}),
               Errc::MalformedLimitsFlags, kHeader + 4, Features{.memory64 = true});
  auto shared = decode(module({section(5, vec({Bytes{0x03, 0x01, 0x01}}))}));
  ASSERT_FALSE(shared.ok());
  EXPECT_EQ(shared.error().code, Errc::UnsupportedFeature);
  EXPECT_EQ(shared.error().offset, kHeader + 3);
  EXPECT_STREQ(shared.error().detail, "threads");
  expect_error(module({section(5, vec({Bytes{0x08, 0x00}}))}), Errc::MalformedLimitsFlags,
               kHeader + 3);
  expect_error(module({section(5, vec({cat({Bytes{0x00}, leb_u(1ull << 32)})}))}),
               Errc::IntTooLarge, kHeader + 4);
}

TEST(ModuleDecoder, Memory64Limits) {
  const Bytes memory = cat({Bytes{0x05}, leb_u(1ull << 33), leb_u(1ull << 40)});
  const Bytes b = module({section(5, vec({memory}))});
  expect_error(b, Errc::MalformedLimitsFlags, kHeader + 3);
  auto r = decode(b, Features{.memory64 = true});
  ASSERT_TRUE(r.ok()) << describe(r.error());
  const ResizableLimits& l = r.value().memory_types[0].limits;
  EXPECT_TRUE(l.is64);
  EXPECT_EQ(l.min, 1ull << 33);
  EXPECT_EQ(l.max, 1ull << 40);
  auto no_max = decode(module({section(5, vec({Bytes{0x04, 0x07}}))}), Features{.memory64 = true});
  ASSERT_TRUE(no_max.ok());
  EXPECT_TRUE(no_max.value().memory_types[0].limits.is64);
  EXPECT_FALSE(no_max.value().memory_types[0].limits.max.has_value());
}

// ---- Constant expressions ----------------------------------------------------------

TEST(ModuleDecoder, ConstExprNestsBlocksAndNeedsEnd) {
  // block (result i32) i32.const 1 end end: the inner end does not close the expression.
  const Bytes nested = {0x02, test::kI32, 0x41, 0x01, 0x0b, 0x0b};
  auto r = decode(module({section(6, vec({cat({Bytes{test::kI32, 0x00}, nested})}))}));
  ASSERT_TRUE(r.ok()) << describe(r.error());
  EXPECT_EQ(r.value().globals[0].init.bytes.offset, kHeader + 5);
  EXPECT_EQ(r.value().globals[0].init.bytes.size, nested.size());
  // No end before the section ends.
  expect_error(module({section(6, vec({Bytes{test::kI32, 0x00, 0x41, 0x01}}))}),
               Errc::UnexpectedEnd, kHeader + 7);
  // An unknown opcode inside.
  expect_error(module({section(6, vec({Bytes{test::kI32, 0x00, 0xff, 0x0b}}))}),
               Errc::IllegalOpcode, kHeader + 5);
}

// ---- Element segments: all eight encodings (spec 5.5.12) ---------------------------

TEST(ModuleDecoder, ElementSegmentEncodings) {
  const Bytes ref_func1 = {0xd2, 0x01, 0x0b};
  const Bytes null_func = {0xd0, test::kFuncRef, 0x0b};
  const Bytes null_extern = {0xd0, test::kExternRef, 0x0b};
  const std::vector<Bytes> segs = {
      cat({Bytes{0x00}, i32_const(0), vec({leb_u(1), leb_u(2)})}),
      cat({Bytes{0x01, 0x00}, vec({leb_u(3)})}),
      cat({Bytes{0x02, 0x01}, i32_const(5), Bytes{0x00}, vec({leb_u(4)})}),
      cat({Bytes{0x03, 0x00}, vec({leb_u(200)})}),
      cat({Bytes{0x04}, i32_const(0), vec({ref_func1, null_func})}),
      cat({Bytes{0x05, test::kExternRef}, vec({null_extern})}),
      cat({Bytes{0x06, 0x02}, i32_const(0), Bytes{test::kFuncRef}, vec({ref_func1})}),
      cat({Bytes{0x07, test::kFuncRef}, vec({ref_func1})}),
  };
  auto b = module({section(9, vec(segs))});
  auto r = decode(b);
  ASSERT_TRUE(r.ok()) << describe(r.error());
  const auto& e = r.value().elements;
  ASSERT_EQ(e.size(), 8u);
  const SegmentMode modes[8] = {SegmentMode::Active, SegmentMode::Passive, SegmentMode::Active,
                                SegmentMode::Declarative, SegmentMode::Active, SegmentMode::Passive,
                                SegmentMode::Active, SegmentMode::Declarative};
  const uint32_t tables[8] = {0, 0, 1, 0, 0, 0, 2, 0};
  const size_t item_counts[8] = {2, 1, 1, 1, 2, 1, 1, 1};
  uint64_t at = kHeader + 3;  // id, size, count
  for (size_t i = 0; i < 8; ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(e[i].mode, modes[i]);
    EXPECT_EQ(e[i].table, tables[i]);
    EXPECT_EQ(e[i].items.size(), item_counts[i]);
    EXPECT_EQ(e[i].offset_in_module, at);
    EXPECT_EQ(e[i].type, i == 5 ? ValType::ExternRef : ValType::FuncRef);
    if (modes[i] == SegmentMode::Active) {
      EXPECT_GT(e[i].offset.bytes.size, 0u);
    }
    at += segs[i].size();
  }
  // Function-index forms become RefFunc items spanning the index bytes.
  EXPECT_EQ(e[0].items[1].kind, ConstExpr::Kind::RefFunc);
  EXPECT_EQ(e[0].items[1].index, 2u);
  EXPECT_EQ(e[2].items[0].index, 4u);
  EXPECT_EQ(e[3].items[0].index, 200u);
  EXPECT_EQ(e[3].items[0].bytes.size, 2u);
  EXPECT_EQ(e[2].offset.bytes.size, 3u);
  EXPECT_EQ(r.value().slice(e[2].offset.bytes)[1], 5);
  // Expression forms stay unchecked, with their bytes recorded.
  EXPECT_EQ(e[4].items[0].kind, ConstExpr::Kind::Unchecked);
  EXPECT_EQ(e[4].items[1].bytes.size, 3u);
  EXPECT_EQ(r.value().slice(e[4].items[1].bytes)[0], 0xd0);
}

TEST(ModuleDecoder, ElementSegmentErrors) {
  expect_error(module({section(9, vec({Bytes{0x08, 0x00}}))}), Errc::MalformedSegmentFlags,
               kHeader + 3);
  expect_error(module({section(9, vec({Bytes{0x01, 0x01, 0x00}}))}), Errc::MalformedElemKind,
               kHeader + 4);
  expect_error(module({section(9, vec({Bytes{0x05, test::kI32, 0x00}}))}), Errc::MalformedRefType,
               kHeader + 4);
}

// ---- Data segments -----------------------------------------------------------------

TEST(ModuleDecoder, DataSegmentForms) {
  const std::vector<Bytes> segs = {
      cat({Bytes{0x00}, i32_const(8), vec({Bytes{'a'}, Bytes{'b'}})}),
      cat({Bytes{0x01}, vec({Bytes{'c'}})}),
      cat({Bytes{0x02, 0x01}, i32_const(0), vec({})}),
  };
  auto b = module({section(12, leb_u(3)), section(11, vec(segs))});
  auto r = decode(b);
  ASSERT_TRUE(r.ok()) << describe(r.error());
  const Module& m = r.value();
  EXPECT_EQ(m.data_count, 3u);
  ASSERT_EQ(m.data.size(), 3u);
  EXPECT_EQ(m.data[0].mode, SegmentMode::Active);
  EXPECT_EQ(m.data[0].memory, 0u);
  EXPECT_EQ(m.slice(m.data[0].offset.bytes)[1], 8);
  EXPECT_EQ(m.data[0].init.size, 2u);
  EXPECT_EQ(m.slice(m.data[0].init)[1], 'b');
  EXPECT_EQ(m.data[1].mode, SegmentMode::Passive);
  EXPECT_EQ(m.slice(m.data[1].init)[0], 'c');
  EXPECT_EQ(m.data[2].mode, SegmentMode::Active);
  EXPECT_EQ(m.data[2].memory, 1u);
  EXPECT_EQ(m.data[2].init.size, 0u);
}

TEST(ModuleDecoder, DataErrors) {
  expect_error(module({section(11, vec({Bytes{0x03, 0x00}}))}), Errc::MalformedSegmentFlags,
               kHeader + 3);
  const Bytes data_count = section(12, leb_u(2));
  expect_error(module({data_count, section(11, vec({Bytes{0x01, 0x00}}))}),
               Errc::DataCountMismatch, kHeader + data_count.size() + 2);
  const Bytes only_count = module({data_count});
  expect_error(only_count, Errc::DataCountMismatch, only_count.size());
  EXPECT_TRUE(decode(module({section(12, leb_u(0))})).ok());
  // Data longer than its section.
  expect_error(module({section(11, vec({Bytes{0x01, 0x05, 'a'}}))}), Errc::UnexpectedEnd,
               kHeader + 5);
}

// ---- Custom and name sections ------------------------------------------------------

TEST(ModuleDecoder, CustomSectionNameMustBeUtf8) {
  expect_error(module({section(0, Bytes{0x02, 0xc0, 0x80})}), Errc::InvalidUtf8, kHeader + 3);
  expect_error(module({section(0, Bytes{0x05, 'a'})}), Errc::LengthOutOfBounds, kHeader + 3);
  expect_error(module({section(0, Bytes{})}), Errc::UnexpectedEnd, kHeader + 2);
}

Bytes name_section(const Bytes& content) { return section(0, cat({test::name("name"), content})); }

TEST(ModuleDecoder, NameSection) {
  const Bytes module_name = section(0, test::name("mod"));
  const Bytes functions = section(1, vec({cat({leb_u(0), test::name("main")}),
                                          cat({leb_u(3), test::name("helper")})}));
  const Bytes locals = section(2, vec({cat({leb_u(3), vec({cat({leb_u(0), test::name("x")}),
                                                          cat({leb_u(2), test::name("y")})})})}));
  const Bytes labels = section(3, vec({}));  // extended names: skipped
  auto b = module({name_section(cat({module_name, functions, locals, labels}))});
  auto r = decode(b);
  ASSERT_TRUE(r.ok()) << describe(r.error());
  const Names& n = r.value().names;
  EXPECT_EQ(n.module, "mod");
  ASSERT_NE(n.function(3), nullptr);
  EXPECT_EQ(*n.function(3), "helper");
  EXPECT_EQ(*n.function(0), "main");
  EXPECT_EQ(n.function(1), nullptr);
  ASSERT_NE(n.local(3, 2), nullptr);
  EXPECT_EQ(*n.local(3, 2), "y");
  EXPECT_EQ(*n.local(3, 0), "x");
  EXPECT_EQ(n.local(3, 1), nullptr);
  EXPECT_EQ(n.local(0, 0), nullptr);
  ASSERT_EQ(r.value().customs.size(), 1u);
  EXPECT_EQ(r.value().customs[0].name, "name");
}

TEST(ModuleDecoder, MalformedNameSectionIsIgnored) {
  const Bytes functions = section(1, vec({cat({leb_u(0), test::name("f")})}));
  const std::vector<Bytes> corrupt = {
      cat({functions, Bytes{0x02, 0x05, 0x01}}),                              // truncated
      cat({functions, functions}),                                            // repeated
      section(1, vec({cat({leb_u(2), test::name("a")}), cat({leb_u(1), test::name("b")})})),
      section(1, cat({vec({cat({leb_u(0), test::name("f")})}), Bytes{0x00}})),  // size
      section(1, vec({cat({leb_u(0), Bytes{0x01, 0xff}})})),                  // UTF-8
  };
  for (size_t i = 0; i < corrupt.size(); ++i) {
    SCOPED_TRACE(i);
    auto b = module({name_section(corrupt[i])});
    auto r = decode(b);
    ASSERT_TRUE(r.ok()) << describe(r.error());
    EXPECT_TRUE(r.value().names.functions.empty());
    EXPECT_EQ(r.value().names.function(0), nullptr);
    EXPECT_EQ(r.value().customs.size(), 1u);
  }
}

// ---- Configured limits -------------------------------------------------------------

TEST(ModuleDecoder, ConfiguredLimits) {
  auto expect_limit = [](const Bytes& b, const Limits& l, uint64_t at, const char* what) {
    auto r = decode(b, {}, l);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, Errc::LimitExceeded);
    EXPECT_EQ(r.error().offset, at);
    EXPECT_STREQ(r.error().detail, what);
  };
  const Bytes t = test::func_type({}, {});
  expect_limit(module({section(1, vec({t, t}))}), Limits{.types = 1}, kHeader + 2, "types");
  expect_limit(module({section(1, vec({test::func_type({test::kI32, test::kI32}, {})}))}),
               Limits{.function_params = 1}, kHeader + 4, "function_params");
  const Bytes import_f = section(2, vec({cat({test::name("a"), test::name("b"), Bytes{0, 0}})}));
  expect_limit(module({import_f, section(3, vec({leb_u(0)}))}), Limits{.functions = 1},
               kHeader + import_f.size() + 2, "functions");
  expect_limit(module({section(11, vec({Bytes{0x01, 0x00}}))}), Limits{.data_segments = 0},
               kHeader + 2, "data_segments");
  const Bytes funcs = section(3, vec({leb_u(0)}));
  expect_limit(module({funcs, section(10, vec({test::code_entry({}, {0x01, 0x01, 0x0b})}))}),
               Limits{.function_body_bytes = 3}, kHeader + funcs.size() + 3, "function_body_bytes");
  expect_limit(module({section(1, vec({}))}), Limits{.module_bytes = 10}, 0, "module_bytes");
  EXPECT_TRUE(decode(module({section(1, vec({t}))}), {}, Limits{.types = 1}).ok());
}

// ---- Robustness --------------------------------------------------------------------

TEST(ModuleDecoder, EveryTruncationFails) {
  // No type section, so that every prefix past the header lacks something: the function
  // section needs a code section and the data count needs a data section.
  const Bytes full = module({
      section(3, vec({leb_u(0)})),
      section(0, test::name("c")),
      section(4, vec({Bytes{test::kFuncRef, 0x00, 1}})),
      section(5, vec({Bytes{0x00, 1}})),
      section(6, vec({cat({Bytes{test::kI32, 0x00}, i32_const(1)})})),
      section(7, vec({cat({test::name("f"), Bytes{0x00, 0x00}})})),
      section(8, leb_u(0)),
      section(9, vec({cat({Bytes{0x00}, i32_const(0), vec({leb_u(0)})})})),
      section(12, leb_u(1)),
      section(10, vec({test::code_entry({}, {0x0b})})),
      section(11, vec({cat({Bytes{0x00}, i32_const(0), vec({Bytes{'x'}})})})),
  });
  ASSERT_TRUE(decode(full).ok());
  for (size_t n = 0; n < full.size(); ++n) {
    if (n == kHeader) continue;  // the header alone is the empty module
    const Bytes prefix(full.begin(), full.begin() + static_cast<ptrdiff_t>(n));
    auto r = decode(prefix);
    EXPECT_FALSE(r.ok()) << "prefix of " << n << " bytes decoded";
    if (!r.ok()) {
      EXPECT_LE(r.error().offset, n);
    }
  }
}

// Each error is reported at the count itself: the count is rejected against the bytes
// that remain before any element is read or reserved (speed is bench/'s business).
TEST(ModuleDecoder, HugeCountsFailAtTheCount) {
  for (uint8_t id : {1, 2, 3, 4, 5, 6, 7, 9, 10, 11}) {
    SCOPED_TRACE(static_cast<int>(id));
    expect_error(module({section(id, leb_u(0xffffffffu))}), Errc::UnexpectedEnd, kHeader + 2);
  }
  // Nested counts: a function type claiming four billion parameters.
  expect_error(module({section(1, cat({leb_u(1), Bytes{0x60}, leb_u(0xffffffffu)}))}),
               Errc::UnexpectedEnd, kHeader + 4, {}, Limits{.function_params = UINT32_MAX});
  // Element items and name maps too.
  expect_error(module({section(9, cat({leb_u(1), Bytes{0x01, 0x00}, leb_u(0xffffffffu)}))}),
               Errc::UnexpectedEnd, kHeader + 5, {}, Limits{.segment_elements = UINT32_MAX});
  auto named = decode(module({name_section(section(1, leb_u(0xffffffffu)))}));
  EXPECT_TRUE(named.ok());
}

}  // namespace
}  // namespace shortcrust::decoder
