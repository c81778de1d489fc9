;; Numeric instructions (tests/exec/numeric_test.cpp): one exported function per
;; operation, named after it, taking its operands as parameters; plus NaN cases for
;; canonicalization (ARCHITECTURE §4) and a memory for NaN loads.
(module
  (memory 1)
  (data (i32.const 0) "\01\00\a0\7f")  ;; f32 bits 0x7fa00001, a NaN with a payload

  ;; i32
  (func $i32_add (export "i32_add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)
  (func $i32_sub (export "i32_sub") (param i32 i32) (result i32) local.get 0 local.get 1 i32.sub)
  (func $i32_mul (export "i32_mul") (param i32 i32) (result i32) local.get 0 local.get 1 i32.mul)
  (func $i32_div_s (export "i32_div_s") (param i32 i32) (result i32) local.get 0 local.get 1 i32.div_s)
  (func $i32_div_u (export "i32_div_u") (param i32 i32) (result i32) local.get 0 local.get 1 i32.div_u)
  (func $i32_rem_s (export "i32_rem_s") (param i32 i32) (result i32) local.get 0 local.get 1 i32.rem_s)
  (func $i32_rem_u (export "i32_rem_u") (param i32 i32) (result i32) local.get 0 local.get 1 i32.rem_u)
  (func $i32_shl (export "i32_shl") (param i32 i32) (result i32) local.get 0 local.get 1 i32.shl)
  (func $i32_shr_s (export "i32_shr_s") (param i32 i32) (result i32) local.get 0 local.get 1 i32.shr_s)
  (func $i32_shr_u (export "i32_shr_u") (param i32 i32) (result i32) local.get 0 local.get 1 i32.shr_u)
  (func $i32_rotl (export "i32_rotl") (param i32 i32) (result i32) local.get 0 local.get 1 i32.rotl)
  (func $i32_lt_s (export "i32_lt_s") (param i32 i32) (result i32) local.get 0 local.get 1 i32.lt_s)
  (func $i32_lt_u (export "i32_lt_u") (param i32 i32) (result i32) local.get 0 local.get 1 i32.lt_u)
  (func $i32_clz (export "i32_clz") (param i32) (result i32) local.get 0 i32.clz)
  (func $i32_ctz (export "i32_ctz") (param i32) (result i32) local.get 0 i32.ctz)
  (func $i32_popcnt (export "i32_popcnt") (param i32) (result i32) local.get 0 i32.popcnt)
  (func $i32_eqz (export "i32_eqz") (param i32) (result i32) local.get 0 i32.eqz)
  (func $i32_extend8_s (export "i32_extend8_s") (param i32) (result i32) local.get 0 i32.extend8_s)
  (func $i32_extend16_s (export "i32_extend16_s") (param i32) (result i32) local.get 0 i32.extend16_s)

  ;; i64
  (func $i64_add (export "i64_add") (param i64 i64) (result i64) local.get 0 local.get 1 i64.add)
  (func $i64_mul (export "i64_mul") (param i64 i64) (result i64) local.get 0 local.get 1 i64.mul)
  (func $i64_div_s (export "i64_div_s") (param i64 i64) (result i64) local.get 0 local.get 1 i64.div_s)
  (func $i64_div_u (export "i64_div_u") (param i64 i64) (result i64) local.get 0 local.get 1 i64.div_u)
  (func $i64_rem_s (export "i64_rem_s") (param i64 i64) (result i64) local.get 0 local.get 1 i64.rem_s)
  (func $i64_rem_u (export "i64_rem_u") (param i64 i64) (result i64) local.get 0 local.get 1 i64.rem_u)
  (func $i64_shr_s (export "i64_shr_s") (param i64 i64) (result i64) local.get 0 local.get 1 i64.shr_s)
  (func $i64_rotr (export "i64_rotr") (param i64 i64) (result i64) local.get 0 local.get 1 i64.rotr)
  (func $i64_clz (export "i64_clz") (param i64) (result i64) local.get 0 i64.clz)
  (func $i64_popcnt (export "i64_popcnt") (param i64) (result i64) local.get 0 i64.popcnt)
  (func $i64_eqz (export "i64_eqz") (param i64) (result i32) local.get 0 i64.eqz)
  (func $i64_gt_u (export "i64_gt_u") (param i64 i64) (result i32) local.get 0 local.get 1 i64.gt_u)
  (func $i64_extend32_s (export "i64_extend32_s") (param i64) (result i64) local.get 0 i64.extend32_s)
  (func $i64_extend_i32_s (export "i64_extend_i32_s") (param i32) (result i64) local.get 0 i64.extend_i32_s)
  (func $i64_extend_i32_u (export "i64_extend_i32_u") (param i32) (result i64) local.get 0 i64.extend_i32_u)
  (func $i32_wrap_i64 (export "i32_wrap_i64") (param i64) (result i32) local.get 0 i32.wrap_i64)

  ;; f32
  (func $f32_add (export "f32_add") (param f32 f32) (result f32) local.get 0 local.get 1 f32.add)
  (func $f32_div (export "f32_div") (param f32 f32) (result f32) local.get 0 local.get 1 f32.div)
  (func $f32_min (export "f32_min") (param f32 f32) (result f32) local.get 0 local.get 1 f32.min)
  (func $f32_max (export "f32_max") (param f32 f32) (result f32) local.get 0 local.get 1 f32.max)
  (func $f32_copysign (export "f32_copysign") (param f32 f32) (result f32) local.get 0 local.get 1 f32.copysign)
  (func $f32_sqrt (export "f32_sqrt") (param f32) (result f32) local.get 0 f32.sqrt)
  (func $f32_nearest (export "f32_nearest") (param f32) (result f32) local.get 0 f32.nearest)
  (func $f32_ceil (export "f32_ceil") (param f32) (result f32) local.get 0 f32.ceil)
  (func $f32_trunc (export "f32_trunc") (param f32) (result f32) local.get 0 f32.trunc)
  (func $f32_neg (export "f32_neg") (param f32) (result f32) local.get 0 f32.neg)
  (func $f32_abs (export "f32_abs") (param f32) (result f32) local.get 0 f32.abs)
  (func $f32_lt (export "f32_lt") (param f32 f32) (result i32) local.get 0 local.get 1 f32.lt)
  (func $f32_ne (export "f32_ne") (param f32 f32) (result i32) local.get 0 local.get 1 f32.ne)

  ;; f64
  (func $f64_add (export "f64_add") (param f64 f64) (result f64) local.get 0 local.get 1 f64.add)
  (func $f64_mul (export "f64_mul") (param f64 f64) (result f64) local.get 0 local.get 1 f64.mul)
  (func $f64_div (export "f64_div") (param f64 f64) (result f64) local.get 0 local.get 1 f64.div)
  (func $f64_min (export "f64_min") (param f64 f64) (result f64) local.get 0 local.get 1 f64.min)
  (func $f64_sqrt (export "f64_sqrt") (param f64) (result f64) local.get 0 f64.sqrt)
  (func $f64_floor (export "f64_floor") (param f64) (result f64) local.get 0 f64.floor)
  (func $f64_nearest (export "f64_nearest") (param f64) (result f64) local.get 0 f64.nearest)
  (func $f64_neg (export "f64_neg") (param f64) (result f64) local.get 0 f64.neg)
  (func $f64_copysign (export "f64_copysign") (param f64 f64) (result f64) local.get 0 local.get 1 f64.copysign)
  (func $f64_eq (export "f64_eq") (param f64 f64) (result i32) local.get 0 local.get 1 f64.eq)

  ;; conversions
  (func $i32_trunc_f32_s (export "i32_trunc_f32_s") (param f32) (result i32) local.get 0 i32.trunc_f32_s)
  (func $i32_trunc_f64_u (export "i32_trunc_f64_u") (param f64) (result i32) local.get 0 i32.trunc_f64_u)
  (func $i64_trunc_f64_s (export "i64_trunc_f64_s") (param f64) (result i64) local.get 0 i64.trunc_f64_s)
  (func $i64_trunc_f32_u (export "i64_trunc_f32_u") (param f32) (result i64) local.get 0 i64.trunc_f32_u)
  (func $i32_trunc_sat_f32_s (export "i32_trunc_sat_f32_s") (param f32) (result i32) local.get 0 i32.trunc_sat_f32_s)
  (func $i64_trunc_sat_f64_u (export "i64_trunc_sat_f64_u") (param f64) (result i64) local.get 0 i64.trunc_sat_f64_u)
  (func $f32_convert_i64_u (export "f32_convert_i64_u") (param i64) (result f32) local.get 0 f32.convert_i64_u)
  (func $f64_convert_i32_u (export "f64_convert_i32_u") (param i32) (result f64) local.get 0 f64.convert_i32_u)
  (func $f32_convert_i32_s (export "f32_convert_i32_s") (param i32) (result f32) local.get 0 f32.convert_i32_s)
  (func $f32_demote_f64 (export "f32_demote_f64") (param f64) (result f32) local.get 0 f32.demote_f64)
  (func $f64_promote_f32 (export "f64_promote_f32") (param f32) (result f64) local.get 0 f64.promote_f32)
  (func $i32_reinterpret_f32 (export "i32_reinterpret_f32") (param f32) (result i32) local.get 0 i32.reinterpret_f32)
  (func $f64_reinterpret_i64 (export "f64_reinterpret_i64") (param i64) (result f64) local.get 0 f64.reinterpret_i64)

  ;; NaNs that no arithmetic touched keep their bits in every mode.
  (func $nan_const (export "nan_const") (result f32) f32.const nan:0x200001)
  (func $nan_load (export "nan_load") (result f32) i32.const 0 f32.load)
  ;; 0/0 computed inside the function (no NaN comes in from outside).
  (func $zero_div_zero (export "zero_div_zero") (result f32) f32.const 0 f32.const 0 f32.div)
  ;; A NaN with a payload through an arithmetic op (canonical when canonicalizing).
  (func $nan_plus_one (export "nan_plus_one") (result f32) f32.const nan:0x200001 f32.const 1 f32.add)
)
