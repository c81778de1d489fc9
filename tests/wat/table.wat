;; Table instructions (tests/exec/table_test.cpp): get, set, size, grow and fill on a
;; funcref table (3 entries, at most 10) and an externref table (2 entries, no maximum);
;; call_indirect sees what table.set wrote.
(module
  (type $v_i (func (result i32)))
  (table $t (export "t") 3 10 funcref)
  (table $ext (export "ext") 2 externref)
  (elem declare func $f1 $f2)
  (func $f1 (result i32) i32.const 1)
  (func $f2 (result i32) i32.const 2)

  (func $set_f1 (export "set_f1") (param i32) local.get 0 ref.func $f1 table.set $t)
  (func $set_null (export "set_null") (param i32) local.get 0 ref.null func table.set $t)
  (func $get (export "get") (param i32) (result funcref) local.get 0 table.get $t)
  (func $is_null (export "is_null") (param i32) (result i32) local.get 0 table.get $t ref.is_null)
  (func $call_at (export "call_at") (param i32) (result i32) local.get 0 call_indirect $t (type $v_i))
  (func $size (export "size") (result i32) table.size $t)
  (func $grow_f1 (export "grow_f1") (param i32) (result i32) ref.func $f1 local.get 0 table.grow $t)
  (func $fill_f2 (export "fill_f2") (param i32 i32) local.get 0 ref.func $f2 local.get 1 table.fill $t)

  (func $ext_set (export "ext_set") (param i32 externref) local.get 0 local.get 1 table.set $ext)
  (func $ext_get (export "ext_get") (param i32) (result externref) local.get 0 table.get $ext)
  (func $ext_grow (export "ext_grow") (param externref i32) (result i32)
    local.get 0 local.get 1 table.grow $ext)
  (func $ext_size (export "ext_size") (result i32) table.size $ext)
  (func $ext_is_null (export "ext_is_null") (param externref) (result i32) local.get 0 ref.is_null)
)
