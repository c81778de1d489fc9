;; Calls (tests/exec/call_test.cpp): direct, indirect (with every failure), functions
;; imported from another wasm instance ("lib", tests/wat/call_lib.wat) and host functions
;; ("env", defined by the test).
(module
  (import "lib" "add" (func $add (param i32 i32) (result i32)))
  (import "lib" "bump" (func $bump (result i32)))
  (import "lib" "trap" (func $lib_trap))
  (import "env" "host_mul" (func $host_mul (param i64 i64) (result i64)))
  (import "env" "host_fail" (func $host_fail (param i32)))
  (import "env" "host_reenter" (func $host_reenter (param i32) (result i32)))

  (type $i_i (func (param i32) (result i32)))
  (type $v_i (func (result i32)))
  (type $ii_i (func (param i32 i32) (result i32)))

  ;; 0: $double (i32)->i32, 1: $const7 ()->i32, 2: imported $add (i32 i32)->i32,
  ;; 3: $double, 4: null; 5 and up: out of range.
  (table 5 funcref)
  (elem (i32.const 0) $double $const7 $add $double)

  (func $double (param i32) (result i32) local.get 0 i32.const 2 i32.mul)
  (func $const7 (result i32) i32.const 7)

  (func $direct (export "direct") (param i32) (result i32)
    local.get 0 call $double)
  (func $indirect (export "indirect") (param i32 i32) (result i32)
    local.get 0 local.get 1 call_indirect (type $i_i))
  (func $indirect_v (export "indirect_v") (param i32) (result i32)
    local.get 0 call_indirect (type $v_i))
  (func $indirect_ii (export "indirect_ii") (param i32 i32 i32) (result i32)
    local.get 0 local.get 1 local.get 2 call_indirect (type $ii_i))

  (func $imported (export "imported") (param i32 i32) (result i32)
    local.get 0 local.get 1 call $add)
  (func $bump_twice (export "bump_twice") (result i32)
    call $bump drop call $bump)
  (func $lib_trap_through (export "lib_trap_through")
    call $lib_trap)

  (func $host_mul_plus1 (export "host_mul_plus1") (param i64 i64) (result i64)
    local.get 0 local.get 1 call $host_mul i64.const 1 i64.add)
  (func $host_fail_call (export "host_fail_call") (param i32)
    local.get 0 call $host_fail)
  ;; env.host_reenter(x) calls this module's "direct"(x) and adds 100.
  (func $reenter (export "reenter") (param i32) (result i32)
    local.get 0 call $host_reenter i32.const 1 i32.add)
)
