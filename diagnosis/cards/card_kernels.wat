;; The card classifier's kernels in WebAssembly SIMD, each the same
;; arithmetic in the same order as its JavaScript, two lanes at a time, so
;; the results are bit for bit the same: MiniRocket features (as
;; miniRocketTransform in minirocket.ts; minirocket_wasm.ts lays out its
;; memory) and the ridge classifier's scores (as classifyFeatures in
;; card_classifier.ts; class_scores_wasm.ts). Built into card_kernels_bytes.ts
;; by `deno task build:wasm`; card_kernels.ts compiles it.
;;
;; transform(n, dilations, dil, nf, bias, out, x, g, c)
;;   n          series length (even)
;;   dilations  number of dilations
;;   dil, nf    i32 arrays: each dilation, and its biases per kernel
;;   bias       f64 array: every bias, dilation after dilation, kernel after kernel
;;   out        f32 array: one feature per bias
;;   x          f64 array: the series
;;   g          f64 scratch: the nine shifted series, then their sum (10 × n)
;;   c          f64 scratch: one kernel's output (n)
;;
;; scores(x, n, w, k, s): add each feature's votes to the class scores, as
;; CardClassifier.classifyFeatures does (features that are 0 skipped)
;;   x  f32 array: n features
;;   w  f32 array: the weights, feature by feature, k classes each
;;   s  f64 array: k scores, holding the intercepts on entry
(module
  (memory (export "memory") 1)
  ;; Feature i of out: the outputs counted above its bias (two lanes of
  ;; negated counts) over the outputs read, as a float32.
  (func $share (param $out i32) (param $i i32) (param $acc v128) (param $len f64)
    (f32.store
      (i32.add (local.get $out) (i32.shl (local.get $i) (i32.const 2)))
      (f32.demote_f64
        (f64.div
          (f64.convert_i64_s
            (i64.add (i64x2.extract_lane 0 (local.get $acc)) (i64x2.extract_lane 1 (local.get $acc))))
          (local.get $len)))))
  (func (export "transform")
    (param $n i32) (param $dilations i32) (param $dil i32) (param $nf i32)
    (param $bias i32) (param $out i32) (param $x i32) (param $g i32) (param $c i32)
    (local $di i32) (local $d i32) (local $nfd i32) (local $pad i32)
    (local $j i32) (local $off i32) (local $from i32) (local $to i32) (local $t i32)
    (local $row i32) (local $sum i32) (local $bytes i32)
    (local $a i32) (local $b i32) (local $cc i32) (local $k i32)
    (local $lo i32) (local $hi i32) (local $len f64)
    (local $ga i32) (local $gb i32) (local $gc i32)
    (local $f i32) (local $o i32) (local $at i32)
    (local $bv v128) (local $bv2 v128) (local $bv3 v128) (local $bv4 v128)
    (local $acc v128) (local $acc2 v128) (local $acc3 v128) (local $acc4 v128) (local $v v128)
    (local.set $bytes (i32.shl (local.get $n) (i32.const 3)))
    (local.set $sum (i32.add (local.get $g) (i32.mul (local.get $bytes) (i32.const 9))))
    (local.set $di (i32.const 0))
    (block $dils_done
      (loop $dils
        (br_if $dils_done (i32.ge_u (local.get $di) (local.get $dilations)))
        (local.set $d (i32.load (i32.add (local.get $dil) (i32.shl (local.get $di) (i32.const 2)))))
        (local.set $nfd (i32.load (i32.add (local.get $nf) (i32.shl (local.get $di) (i32.const 2)))))
        (local.set $pad (i32.shl (local.get $d) (i32.const 2)))
        ;; The nine shifted series (zeros outside) and their running sum.
        (memory.fill (local.get $sum) (i32.const 0) (local.get $bytes))
        (local.set $j (i32.const 0))
        (loop $shifts
          (local.set $row (i32.add (local.get $g) (i32.mul (local.get $j) (local.get $bytes))))
          (local.set $off (i32.mul (i32.sub (local.get $j) (i32.const 4)) (local.get $d)))
          (local.set $from
            (select (i32.sub (i32.const 0) (local.get $off)) (i32.const 0)
              (i32.lt_s (local.get $off) (i32.const 0))))
          (local.set $to
            (select (local.get $n) (i32.sub (local.get $n) (local.get $off))
              (i32.lt_s (local.get $off) (i32.const 0))))
          (memory.fill (local.get $row) (i32.const 0) (local.get $bytes))
          (local.set $t (local.get $from))
          (block $copy_done
            (loop $copy
              (br_if $copy_done (i32.ge_s (local.get $t) (local.get $to)))
              (f64.store
                (i32.add (local.get $row) (i32.shl (local.get $t) (i32.const 3)))
                (f64.load
                  (i32.add (local.get $x)
                    (i32.shl (i32.add (local.get $t) (local.get $off)) (i32.const 3)))))
              (local.set $t (i32.add (local.get $t) (i32.const 1)))
              (br $copy)))
          (local.set $t (i32.const 0))
          (block $add_done
            (loop $add
              (br_if $add_done (i32.ge_u (local.get $t) (local.get $bytes)))
              (v128.store (i32.add (local.get $sum) (local.get $t))
                (f64x2.add
                  (v128.load (i32.add (local.get $sum) (local.get $t)))
                  (v128.load (i32.add (local.get $row) (local.get $t)))))
              (local.set $t (i32.add (local.get $t) (i32.const 16)))
              (br $add)))
          (local.set $j (i32.add (local.get $j) (i32.const 1)))
          (br_if $shifts (i32.lt_u (local.get $j) (i32.const 9))))
        ;; The 84 kernels, in the order of KERNELS: positions a < b < cc weigh 2.
        (local.set $k (i32.const 0))
        (local.set $a (i32.const 0))
        (loop $as
          (local.set $b (i32.add (local.get $a) (i32.const 1)))
          (block $bs_done
            (loop $bs
              (br_if $bs_done (i32.ge_u (local.get $b) (i32.const 9)))
              (local.set $cc (i32.add (local.get $b) (i32.const 1)))
              (block $cs_done
                (loop $cs
                  (br_if $cs_done (i32.ge_u (local.get $cc) (i32.const 9)))
                  ;; Every other kernel reads only outputs whose field lies inside.
                  (if (i32.and
                        (i32.and (i32.add (local.get $di) (local.get $k)) (i32.const 1))
                        (i32.gt_s (i32.sub (local.get $n) (i32.shl (local.get $pad) (i32.const 1)))
                          (i32.const 0)))
                    (then
                      (local.set $lo (i32.shl (local.get $pad) (i32.const 3)))
                      (local.set $hi
                        (i32.shl (i32.sub (local.get $n) (local.get $pad)) (i32.const 3))))
                    (else
                      (local.set $lo (i32.const 0))
                      (local.set $hi (local.get $bytes))))
                  (local.set $len
                    (f64.convert_i32_s
                      (i32.shr_u (i32.sub (local.get $hi) (local.get $lo)) (i32.const 3))))
                  (local.set $ga (i32.add (local.get $g) (i32.mul (local.get $a) (local.get $bytes))))
                  (local.set $gb (i32.add (local.get $g) (i32.mul (local.get $b) (local.get $bytes))))
                  (local.set $gc (i32.add (local.get $g) (i32.mul (local.get $cc) (local.get $bytes))))
                  ;; c = 3 (ga + gb + gc) - sum
                  (local.set $t (local.get $lo))
                  (block $out_done
                    (loop $outs
                      (br_if $out_done (i32.ge_u (local.get $t) (local.get $hi)))
                      (v128.store (i32.add (local.get $c) (local.get $t))
                        (f64x2.sub
                          (f64x2.mul (f64x2.splat (f64.const 3))
                            (f64x2.add
                              (f64x2.add
                                (v128.load (i32.add (local.get $ga) (local.get $t)))
                                (v128.load (i32.add (local.get $gb) (local.get $t))))
                              (v128.load (i32.add (local.get $gc) (local.get $t)))))
                          (v128.load (i32.add (local.get $sum) (local.get $t)))))
                      (local.set $t (i32.add (local.get $t) (i32.const 16)))
                      (br $outs)))
                  ;; Each bias: the share of outputs above it; four biases a pass
                  ;; while four are left, then two, then one, so each output is
                  ;; loaded once for several biases.
                  (local.set $f (i32.const 0))
                  (block $quads_done
                    (loop $quads
                      (br_if $quads_done
                        (i32.ge_u (i32.add (local.get $f) (i32.const 3)) (local.get $nfd)))
                      (local.set $at
                        (i32.add (local.get $bias)
                          (i32.shl (i32.add (local.get $o) (local.get $f)) (i32.const 3))))
                      (local.set $bv (f64x2.splat (f64.load (local.get $at))))
                      (local.set $bv2 (f64x2.splat (f64.load offset=8 (local.get $at))))
                      (local.set $bv3 (f64x2.splat (f64.load offset=16 (local.get $at))))
                      (local.set $bv4 (f64x2.splat (f64.load offset=24 (local.get $at))))
                      (local.set $acc (v128.const i64x2 0 0))
                      (local.set $acc2 (v128.const i64x2 0 0))
                      (local.set $acc3 (v128.const i64x2 0 0))
                      (local.set $acc4 (v128.const i64x2 0 0))
                      (local.set $t (local.get $lo))
                      (block $count4_done
                        (loop $count4
                          (br_if $count4_done (i32.ge_u (local.get $t) (local.get $hi)))
                          (local.set $v (v128.load (i32.add (local.get $c) (local.get $t))))
                          (local.set $acc
                            (i64x2.sub (local.get $acc) (f64x2.gt (local.get $v) (local.get $bv))))
                          (local.set $acc2
                            (i64x2.sub (local.get $acc2) (f64x2.gt (local.get $v) (local.get $bv2))))
                          (local.set $acc3
                            (i64x2.sub (local.get $acc3) (f64x2.gt (local.get $v) (local.get $bv3))))
                          (local.set $acc4
                            (i64x2.sub (local.get $acc4) (f64x2.gt (local.get $v) (local.get $bv4))))
                          (local.set $t (i32.add (local.get $t) (i32.const 16)))
                          (br $count4)))
                      (local.set $at (i32.add (local.get $o) (local.get $f)))
                      (call $share (local.get $out) (local.get $at) (local.get $acc) (local.get $len))
                      (call $share (local.get $out) (i32.add (local.get $at) (i32.const 1))
                        (local.get $acc2) (local.get $len))
                      (call $share (local.get $out) (i32.add (local.get $at) (i32.const 2))
                        (local.get $acc3) (local.get $len))
                      (call $share (local.get $out) (i32.add (local.get $at) (i32.const 3))
                        (local.get $acc4) (local.get $len))
                      (local.set $f (i32.add (local.get $f) (i32.const 4)))
                      (br $quads)))
                  (block $pairs_done
                    (loop $pairs
                      (br_if $pairs_done
                        (i32.ge_u (i32.add (local.get $f) (i32.const 1)) (local.get $nfd)))
                      (local.set $at
                        (i32.add (local.get $bias)
                          (i32.shl (i32.add (local.get $o) (local.get $f)) (i32.const 3))))
                      (local.set $bv (f64x2.splat (f64.load (local.get $at))))
                      (local.set $bv2 (f64x2.splat (f64.load offset=8 (local.get $at))))
                      (local.set $acc (v128.const i64x2 0 0))
                      (local.set $acc2 (v128.const i64x2 0 0))
                      (local.set $t (local.get $lo))
                      (block $count2_done
                        (loop $count2
                          (br_if $count2_done (i32.ge_u (local.get $t) (local.get $hi)))
                          (local.set $v (v128.load (i32.add (local.get $c) (local.get $t))))
                          (local.set $acc
                            (i64x2.sub (local.get $acc) (f64x2.gt (local.get $v) (local.get $bv))))
                          (local.set $acc2
                            (i64x2.sub (local.get $acc2) (f64x2.gt (local.get $v) (local.get $bv2))))
                          (local.set $t (i32.add (local.get $t) (i32.const 16)))
                          (br $count2)))
                      (call $share (local.get $out) (i32.add (local.get $o) (local.get $f))
                        (local.get $acc) (local.get $len))
                      (call $share (local.get $out)
                        (i32.add (i32.add (local.get $o) (local.get $f)) (i32.const 1))
                        (local.get $acc2) (local.get $len))
                      (local.set $f (i32.add (local.get $f) (i32.const 2)))
                      (br $pairs)))
                  (if (i32.lt_u (local.get $f) (local.get $nfd))
                    (then
                      (local.set $bv
                        (f64x2.splat
                          (f64.load
                            (i32.add (local.get $bias)
                              (i32.shl (i32.add (local.get $o) (local.get $f)) (i32.const 3))))))
                      (local.set $acc (v128.const i64x2 0 0))
                      (local.set $t (local.get $lo))
                      (block $count_done
                        (loop $count
                          (br_if $count_done (i32.ge_u (local.get $t) (local.get $hi)))
                          (local.set $acc
                            (i64x2.sub (local.get $acc)
                              (f64x2.gt (v128.load (i32.add (local.get $c) (local.get $t)))
                                (local.get $bv))))
                          (local.set $t (i32.add (local.get $t) (i32.const 16)))
                          (br $count)))
                      (call $share (local.get $out) (i32.add (local.get $o) (local.get $f))
                        (local.get $acc) (local.get $len))))
                  (local.set $o (i32.add (local.get $o) (local.get $nfd)))
                  (local.set $k (i32.add (local.get $k) (i32.const 1)))
                  (local.set $cc (i32.add (local.get $cc) (i32.const 1)))
                  (br $cs)))
              (local.set $b (i32.add (local.get $b) (i32.const 1)))
              (br $bs)))
          (local.set $a (i32.add (local.get $a) (i32.const 1)))
          (br_if $as (i32.lt_u (local.get $a) (i32.const 9))))
        (local.set $di (i32.add (local.get $di) (i32.const 1)))
        (br $dils))))
  (func (export "scores")
    (param $x i32) (param $n i32) (param $w i32) (param $k i32) (param $s i32)
    (local $j i32) (local $c i32) (local $v f64) (local $vv v128) (local $row i32)
    (local $at i32)
    (block $features_done
      (loop $features
        (br_if $features_done (i32.ge_u (local.get $j) (local.get $n)))
        (local.set $v
          (f64.promote_f32 (f32.load (i32.add (local.get $x) (i32.shl (local.get $j) (i32.const 2))))))
        (if (f64.ne (local.get $v) (f64.const 0))
          (then
            (local.set $vv (f64x2.splat (local.get $v)))
            (local.set $row
              (i32.add (local.get $w)
                (i32.shl (i32.mul (local.get $j) (local.get $k)) (i32.const 2))))
            (local.set $c (i32.const 0))
            (block $pairs_done
              (loop $pairs
                (br_if $pairs_done
                  (i32.ge_u (i32.add (local.get $c) (i32.const 1)) (local.get $k)))
                (local.set $at (i32.add (local.get $s) (i32.shl (local.get $c) (i32.const 3))))
                (v128.store (local.get $at)
                  (f64x2.add (v128.load (local.get $at))
                    (f64x2.mul (local.get $vv)
                      (f64x2.promote_low_f32x4
                        (v128.load64_zero
                          (i32.add (local.get $row) (i32.shl (local.get $c) (i32.const 2))))))))
                (local.set $c (i32.add (local.get $c) (i32.const 2)))
                (br $pairs)))
            (if (i32.lt_u (local.get $c) (local.get $k))
              (then
                (local.set $at (i32.add (local.get $s) (i32.shl (local.get $c) (i32.const 3))))
                (f64.store (local.get $at)
                  (f64.add (f64.load (local.get $at))
                    (f64.mul (local.get $v)
                      (f64.promote_f32
                        (f32.load
                          (i32.add (local.get $row) (i32.shl (local.get $c) (i32.const 2))))))))))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $features)))))
