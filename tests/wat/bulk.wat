;; Bulk memory and table instructions (tests/exec/bulk_test.cpp). Memory bytes 0..9 hold
;; 00 01 .. 09; the passive data segment $p is "hello". Table $t (6 entries) starts as
;; f0 f1 null null null null from the active element segment (dropped once applied);
;; the passive element segment $e is f0 f1 f2. $fN returns N.
(module
  (type $v_i (func (result i32)))
  (memory (export "mem") 1)
  (data (i32.const 0) "\00\01\02\03\04\05\06\07\08\09")
  (data $p "hello")
  (table $t 6 funcref)
  (elem $e func $f0 $f1 $f2)
  (elem (i32.const 0) $f0 $f1)
  (func $f0 (result i32) i32.const 0)
  (func $f1 (result i32) i32.const 1)
  (func $f2 (result i32) i32.const 2)

  (func $copy (export "copy") (param i32 i32 i32)
    local.get 0 local.get 1 local.get 2 memory.copy)
  (func $fill (export "fill") (param i32 i32 i32)
    local.get 0 local.get 1 local.get 2 memory.fill)
  (func $init (export "init") (param i32 i32 i32)
    local.get 0 local.get 1 local.get 2 memory.init $p)
  ;; data segment 0 is the active one, dropped at instantiation
  (func $init_active (export "init_active") (param i32 i32 i32)
    local.get 0 local.get 1 local.get 2 memory.init 0)
  (func $data_drop (export "data_drop") data.drop $p)
  (func $load8 (export "load8") (param i32) (result i32) local.get 0 i32.load8_u)

  (func $table_copy (export "table_copy") (param i32 i32 i32)
    local.get 0 local.get 1 local.get 2 table.copy $t $t)
  (func $table_init (export "table_init") (param i32 i32 i32)
    local.get 0 local.get 1 local.get 2 table.init $t $e)
  ;; element segment 1 is the active one, dropped at instantiation
  (func $table_init_active (export "table_init_active") (param i32 i32 i32)
    local.get 0 local.get 1 local.get 2 table.init $t 1)
  (func $elem_drop (export "elem_drop") elem.drop $e)
  (func $call_at (export "call_at") (param i32) (result i32)
    local.get 0 call_indirect $t (type $v_i))
)
