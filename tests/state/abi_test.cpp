// Typed and raw contract calls (include/shortcrust/abi.h): the host-side encoding agrees
// with the SDK's, typed results decode, and a result of the wrong shape is an error.
#include "shortcrust/abi.h"

#include "state/contract_fixture.h"

namespace shortcrust::test {
namespace {

using Kind = ContractError::Kind;

class AbiTest : public ContractTest {};
SC_EXEC_TESTS(AbiTest);

TEST(AbiEncoding, RoundTrips) {
  ContractId id;
  id.bytes[5] = 9;
  const Bytes bytes = abi::encode(uint8_t{1}, int32_t{-2}, uint64_t{3}, 1.5, id, std::string_view("name"), Bytes{7, 8});
  EXPECT_EQ(bytes.size(), 1u + 4 + 8 + 8 + 32 + 4 + 4 + 2);
  abi::Reader r(bytes);
  EXPECT_EQ(r.get<uint8_t>(), 1);
  EXPECT_EQ(r.get<int32_t>(), -2);
  EXPECT_EQ(r.get<uint64_t>(), 3u);
  EXPECT_EQ(r.get<double>(), 1.5);
  EXPECT_EQ(r.id(), id);
  EXPECT_EQ(r.string(), "name");
  EXPECT_EQ(r.rest(), (Bytes{7, 8}));
  EXPECT_FALSE(r.get<uint8_t>().has_value());
  const Bytes short_string = abi::encode(uint32_t{10}, uint8_t{'a'});
  EXPECT_FALSE(abi::Reader(short_string).string().has_value());
}

TEST_P(AbiTest, TypedAndRawCallsAgree) {
  const ContractId counter = deploy("counter");
  auto typed = abi::call_typed<int64_t>(session_, counter, "read_value", kGas);
  ASSERT_TRUE(typed.ok());
  EXPECT_EQ(typed.value(), 0xfc);
  ASSERT_TRUE(abi::call_typed<void>(session_, counter, "increment", kGas).ok());
  const CallReceipt raw = ok_call(counter, "read_value");
  EXPECT_EQ(raw.data, abi::encode(int64_t{0xfd}));

  const ContractId box = deploy("box");
  ASSERT_TRUE(abi::call_typed<void>(session_, box, "set", kGas, int64_t{-17}).ok());
  EXPECT_EQ(abi::call_typed<int64_t>(session_, box, "get", kGas).value(), -17);

  const ContractId fib = deploy("fibonacci");
  EXPECT_EQ(abi::call_typed<uint64_t>(session_, fib, "nth", kGas, uint32_t{30}).value(), 832040u);

  const ContractId center = deploy("callcenter");
  EXPECT_EQ(abi::call_typed<ContractId>(session_, center, "return_self_id", kGas).value(), center);
  EXPECT_EQ(abi::call_typed<int64_t>(session_, center, "query_counter", kGas, counter).value(), 0xfd);
  EXPECT_EQ(abi::call_typed<Bytes>(session_, center, "return_caller", kGas).value(), Bytes{0});
}

TEST_P(AbiTest, WrongResultTypeIsAnError) {
  const ContractId counter = deploy("counter");
  auto as_u32 = abi::call_typed<uint32_t>(session_, counter, "read_value", kGas);
  ASSERT_FALSE(as_u32.ok());
  EXPECT_EQ(as_u32.error().kind, Kind::InvalidArgumentBuffer);
  auto as_void = abi::call_typed<void>(session_, counter, "read_value", kGas);
  ASSERT_FALSE(as_void.ok());
  EXPECT_EQ(as_void.error().kind, Kind::InvalidArgumentBuffer);
  // A contract error passes through unchanged.
  EXPECT_EQ(abi::call_typed<int64_t>(session_, counter, "read_value", 1).error().kind, Kind::OutOfGas);
}

}  // namespace
}  // namespace shortcrust::test
